import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One rendered Kubernetes object, as plain data. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export const KUSTOMIZE_ROOT = join(__dirname, '..', '..', 'deploy', 'k8s');

/** `kubectl kustomize` of a folder under deploy/k8s (offline: it reads files only). */
export function renderKustomization(folder: string): KubernetesObject[] {
  const output = execFileSync('kubectl', ['kustomize', join(KUSTOMIZE_ROOT, folder)], {
    encoding: 'utf8',
  });
  return parseAllDocuments(output).map((document) => {
    if (document.errors.length > 0) throw document.errors[0];
    // kubectl printed it; the schema check below is what vouches for its shape.
    // oxlint-disable-next-line typescript/no-unsafe-type-assertion
    return document.toJS() as KubernetesObject;
  });
}

interface ValidatingModel {
  validate(): void;
}
type ModelModule = Record<string, new (data: unknown) => ValidatingModel>;

/**
 * Where each apiVersion's JSON-schema models live. The packages are ESM only, hence import().
 * An apiVersion missing here fails the check instead of going unvalidated.
 */
const MODEL_MODULES: Record<string, () => Promise<unknown>> = {
  v1: () => import('kubernetes-models/v1'),
  'apps/v1': () => import('kubernetes-models/apps/v1'),
  'batch/v1': () => import('kubernetes-models/batch/v1'),
  'policy/v1': () => import('kubernetes-models/policy/v1'),
  'autoscaling/v2': () => import('kubernetes-models/autoscaling/v2'),
  'networking.k8s.io/v1': () => import('kubernetes-models/networking.k8s.io/v1'),
  'monitoring.coreos.com/v1': () =>
    import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1'),
  'external-secrets.io/v1': () =>
    import('@kubernetes-models/external-secrets/external-secrets.io/v1'),
};

/** Validates one object against its Kubernetes (or CRD) JSON schema; throws what is wrong. */
export async function validateAgainstSchema(object: KubernetesObject): Promise<void> {
  const load = MODEL_MODULES[object.apiVersion];
  if (load === undefined) throw new Error(`no schema known for apiVersion ${object.apiVersion}`);
  // oxlint-disable-next-line typescript/no-unsafe-type-assertion
  const models = (await load()) as ModelModule;
  const Model = models[object.kind];
  if (Model === undefined)
    throw new Error(`no schema known for ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();
}
