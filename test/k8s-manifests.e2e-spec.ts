import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MODULE_METADATA } from '@nestjs/common/constants';
import type { IContainer, IService, ISecret, IConfigMap } from 'kubernetes-models/v1' with {
  'resolution-mode': 'import',
};
import type { IDeployment } from 'kubernetes-models/apps/v1' with { 'resolution-mode': 'import' };
import type { IJob } from 'kubernetes-models/batch/v1' with { 'resolution-mode': 'import' };
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2' with {
  'resolution-mode': 'import',
};
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1' with {
  'resolution-mode': 'import',
};
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1' with {
  'resolution-mode': 'import',
};
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { validateEnvironment } from '../src/config/validate-environment';
import { HealthModule } from '../src/infrastructure/health/health.module';
import { WorkerModule } from '../src/worker.module';
import {
  renderKustomization,
  validateAgainstSchema,
  type KubernetesObject,
} from './support/kubernetes-manifests';
import { startTestApp } from './support/test-app';

const OVERLAYS = ['base', 'overlays/production'] as const;

/** The shape of each kind the manifests hold, for typed access after the schema check. */
interface KindShapes {
  Deployment: IDeployment;
  Job: IJob;
  Service: IService;
  Secret: ISecret;
  HorizontalPodAutoscaler: IHorizontalPodAutoscaler;
  PodDisruptionBudget: IPodDisruptionBudget;
  NetworkPolicy: INetworkPolicy;
  ServiceMonitor: KubernetesObject;
  ExternalSecret: KubernetesObject;
}

function only<K extends keyof KindShapes>(
  objects: KubernetesObject[],
  kind: K,
  name: string,
): KindShapes[K] {
  const found = objects.filter((object) => object.kind === kind && object.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  // The schema check has vouched for the shape of every object of this kind.
  // oxlint-disable-next-line typescript/no-unsafe-type-assertion
  return found[0] as KindShapes[K];
}

function containerOf(deployment: IDeployment | IJob): IContainer {
  const containers = deployment.spec?.template.spec?.containers ?? [];
  expect(containers).toHaveLength(1);
  return containers[0];
}

/** The env a container gets from the ConfigMap (the generated one: its name carries a hash). */
function configOf(objects: KubernetesObject[]): Record<string, string> {
  const maps = objects.filter((object) => object.kind === 'ConfigMap');
  expect(maps).toHaveLength(1);
  // oxlint-disable-next-line typescript/no-unsafe-type-assertion
  return (maps[0] as IConfigMap).data ?? {};
}

function portNamed(container: IContainer, name: string): number {
  const port = container.ports?.find((candidate) => candidate.name === name);
  if (port === undefined) throw new Error(`container ${container.name} has no port ${name}`);
  return port.containerPort;
}

function nodeOptionsOf(container: IContainer): string[] | undefined {
  return container.env?.find((variable) => variable.name === 'NODE_OPTIONS')?.value?.split(' ');
}

function bytesOf(quantity: string | number | undefined): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(String(quantity));
  if (match === null) throw new Error(`unexpected memory quantity ${String(quantity)}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 ** 3 : 1024 ** 2);
}

describe('Kubernetes manifests (deploy/k8s)', () => {
  const rendered = Object.fromEntries(
    OVERLAYS.map((overlay) => [overlay, renderKustomization(overlay)]),
  );

  it.each(OVERLAYS)('%s: every object validates against its Kubernetes schema', async (overlay) => {
    const objects = rendered[overlay];
    expect(objects.length).toBeGreaterThanOrEqual(12);
    for (const object of objects) {
      await expect(validateAgainstSchema(object)).resolves.toBeUndefined();
    }
  });

  it('the schema check rejects what Kubernetes would reject', async () => {
    const deployment = structuredClone(only(rendered.base, 'Deployment', 'conduit-api'));
    const container = containerOf(deployment);
    container.ports = [{ name: 'http', containerPort: 'three thousand' as unknown as number }];
    await expect(validateAgainstSchema(deployment as unknown as KubernetesObject)).rejects.toThrow(
      /containerPort must be integer/,
    );
    await expect(
      validateAgainstSchema({
        apiVersion: 'example.com/v9',
        kind: 'Thing',
        metadata: { name: 'x' },
      }),
    ).rejects.toThrow(/no schema known/);
  });

  describe.each(OVERLAYS)('%s', (overlay) => {
    const objects = rendered[overlay];
    const config = configOf(objects);
    const api = only(objects, 'Deployment', 'conduit-api');
    const worker = only(objects, 'Deployment', 'conduit-api-worker');
    const apiContainer = containerOf(api);
    const workerContainer = containerOf(worker);

    it('the ConfigMap is a valid production environment once the Secret is added', () => {
      const env = validateEnvironment({
        ...config,
        DATABASE_URL: 'postgres://conduit:real@postgres:5432/conduit',
        REDIS_URL: 'redis://redis:6379',
        JWT_SECRET: 'r'.repeat(48),
        SMTP_URL: 'smtp://mail.example.com:587',
      });
      expect(env.NODE_ENV).toBe('production');
      expect(env.HOST).toBe('0.0.0.0');
    });

    it('runs 3 API replicas that roll without losing capacity, and the HPA and PDB target them', () => {
      expect(api.spec?.replicas).toBe(3);
      expect(api.spec?.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
      const hpa = only(objects, 'HorizontalPodAutoscaler', 'conduit-api');
      expect(hpa.spec?.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'conduit-api' });
      expect(hpa.spec?.minReplicas).toBe(3);
      const podLabels = api.spec?.template.metadata?.labels ?? {};
      for (const name of ['conduit-api', 'conduit-api-worker']) {
        const pdb = only(objects, 'PodDisruptionBudget', name);
        const deployment = name === 'conduit-api' ? api : worker;
        expect(deployment.spec?.template.metadata?.labels).toMatchObject(
          pdb.spec?.selector?.matchLabels ?? { missing: 'selector' },
        );
      }
      expect(podLabels['app.kubernetes.io/component']).toBe('api');
    });

    it('probes /health/startup, /health/ready and /health/live on the ports the env names', () => {
      expect(portNamed(apiContainer, 'http')).toBe(Number(config.PORT));
      expect(portNamed(apiContainer, 'metrics')).toBe(Number(config.METRICS_PORT));
      expect(portNamed(workerContainer, 'health')).toBe(Number(config.WORKER_HEALTH_PORT));
      expect(portNamed(workerContainer, 'metrics')).toBe(Number(config.METRICS_PORT));
      for (const [container, port] of [
        [apiContainer, 'http'],
        [workerContainer, 'health'],
      ] as const) {
        expect(container.startupProbe?.httpGet).toEqual({ path: '/health/startup', port });
        expect(container.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port });
        expect(container.livenessProbe?.httpGet).toEqual({ path: '/health/live', port });
      }
    });

    it('gives a stopping pod longer than its drain and shutdown take', () => {
      const preStopSeconds = apiContainer.lifecycle?.preStop?.sleep?.seconds ?? 0;
      expect(preStopSeconds).toBeGreaterThan(0);
      const drainSeconds = Number(config.SHUTDOWN_DRAIN_MS) / 1000;
      const shutdownSeconds = Number(config.SHUTDOWN_TIMEOUT_MS) / 1000;
      expect(api.spec?.template.spec?.terminationGracePeriodSeconds).toBeGreaterThan(
        preStopSeconds + drainSeconds + shutdownSeconds,
      );
      expect(worker.spec?.template.spec?.terminationGracePeriodSeconds).toBeGreaterThan(
        shutdownSeconds,
      );
    });

    it('runs every pod non-root, read-only, without a service-account token, within limits', () => {
      const migration = only(objects, 'Job', 'conduit-api-migrate');
      for (const workload of [api, worker, migration]) {
        const pod = workload.spec?.template.spec;
        const container = containerOf(workload);
        expect(pod?.automountServiceAccountToken).toBe(false);
        expect(pod?.securityContext?.runAsNonRoot).toBe(true);
        expect(container.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.resources?.requests).toEqual({
          cpu: expect.anything(),
          memory: expect.anything(),
        });
        expect(container.resources?.limits).toEqual({
          cpu: expect.anything(),
          memory: expect.anything(),
        });
      }
    });

    it("sizes Node's heap to at most 3/4 of the memory limit", () => {
      for (const container of [apiContainer, workerContainer]) {
        const nodeOptions = container.env?.find((variable) => variable.name === 'NODE_OPTIONS');
        const heapMiB = Number(/--max-old-space-size=(\d+)/.exec(nodeOptions?.value ?? '')?.[1]);
        expect(heapMiB).toBeGreaterThan(0);
        const limit = bytesOf(container.resources?.limits?.memory);
        expect(heapMiB * 1024 ** 2).toBeLessThanOrEqual(limit * 0.75);
      }
    });

    it("runs the API with start:prod's V8 and malloc settings, in the image and the Deployment", () => {
      const packageJson = JSON.parse(
        readFileSync(join(__dirname, '..', 'package.json'), 'utf8'),
      ) as { scripts: Record<string, string> };
      const startProd = packageJson.scripts['start:prod'] ?? '';
      const flags = startProd.split(/\s+/).filter((word) => word.startsWith('--'));
      const tunables = /GLIBC_TUNABLES=(\S+)/.exec(startProd)?.[1];
      expect(flags).toEqual([
        expect.stringMatching(/^--max-semi-space-size=\d+$/),
        expect.stringMatching(/^--max-old-space-size=\d+$/),
      ]);
      expect(tunables).toMatch(/glibc\.malloc\.mmap_threshold=\d+/);
      const dockerfile = readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8');
      expect(/NODE_OPTIONS="([^"]*)"/.exec(dockerfile)?.[1].split(' ')).toEqual(flags);
      expect(/GLIBC_TUNABLES=(\S+)/.exec(dockerfile)?.[1]).toBe(tunables);
      expect(nodeOptionsOf(apiContainer)).toEqual(flags);
      expect(nodeOptionsOf(workerContainer)).toContain(flags[0]);
    });

    it('Services and the ServiceMonitor reach ports the pods have', () => {
      const apiService = only(objects, 'Service', 'conduit-api');
      const workerService = only(objects, 'Service', 'conduit-api-worker');
      for (const [service, container] of [
        [apiService, apiContainer],
        [workerService, workerContainer],
      ] as const) {
        for (const port of service.spec?.ports ?? []) {
          expect(container.ports?.map((candidate) => candidate.name)).toContain(port.targetPort);
        }
        expect(service.spec?.ports?.map((port) => port.name)).toContain('metrics');
      }
      const monitor = only(objects, 'ServiceMonitor', 'conduit-api');
      expect(monitor).toMatchObject({
        spec: {
          selector: { matchLabels: { 'app.kubernetes.io/name': 'conduit-api' } },
          endpoints: [{ port: 'metrics', path: '/metrics' }],
        },
      });
    });

    it('admits API traffic only from the ingress and metrics only from monitoring', () => {
      const policy = only(objects, 'NetworkPolicy', 'conduit-api');
      const rules = (policy.spec?.ingress ?? []).map((rule) => ({
        from: rule.from?.map((peer) => peer.namespaceSelector?.matchLabels),
        ports: rule.ports?.map((port) => port.port),
      }));
      expect(rules).toEqual([
        { from: [{ 'kubernetes.io/metadata.name': 'ingress-nginx' }], ports: ['http'] },
        { from: [{ 'kubernetes.io/metadata.name': 'monitoring' }], ports: ['metrics'] },
      ]);
      const workerPolicy = only(objects, 'NetworkPolicy', 'conduit-api-worker');
      expect(
        workerPolicy.spec?.ingress?.map((rule) => rule.ports?.map((port) => port.port)),
      ).toEqual([['metrics']]);
    });

    it('migrates in a Job with the npm script that exists, before the rollout', () => {
      const migration = only(objects, 'Job', 'conduit-api-migrate');
      const args = containerOf(migration).args ?? [];
      expect(args.slice(0, 2)).toEqual(['npm', 'run']);
      const script = args.at(-1) ?? '';
      expect(script).toBe('migration:run:prod');
      const packageJson = JSON.parse(
        readFileSync(join(__dirname, '..', 'package.json'), 'utf8'),
      ) as { scripts: Record<string, string> };
      expect(packageJson.scripts[script]).toMatch(/migration:run -d dist\//);
      expect(migration.metadata?.annotations?.['argocd.argoproj.io/hook']).toBe('PreSync');
    });
  });

  it('base: ships only example secrets, which production refuses to boot with', () => {
    const secret = only(rendered.base, 'Secret', 'conduit-api-secrets');
    const values = secret.stringData ?? {};
    expect(Object.keys(values).toSorted()).toEqual([
      'DATABASE_URL',
      'JWT_SECRET',
      'REDIS_URL',
      'SMTP_URL',
    ]);
    expect(() => validateEnvironment({ ...configOf(rendered.base), ...values })).toThrow(
      /JWT_SECRET: holds the example value/,
    );
  });

  it('production: no Secret in the repository; the External Secrets Operator makes the one pods read', () => {
    const objects = rendered['overlays/production'];
    expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
    const external = only(objects, 'ExternalSecret', 'conduit-api-secrets');
    expect(external).toMatchObject({ spec: { target: { name: 'conduit-api-secrets' } } });
    for (const object of objects) expect(object.metadata.namespace).toBe('conduit');
    const api = only(objects, 'Deployment', 'conduit-api');
    expect(containerOf(api).image).toMatch(/^[\w./-]+:\d+\.\d+\.\d+$/);
    expect(containerOf(api).envFrom?.map((source) => source.secretRef?.name)).toContain(
      'conduit-api-secrets',
    );
  });

  describe('the probe paths exist', () => {
    let app: NestFastifyApplication;
    beforeAll(async () => (app = await startTestApp()));
    afterAll(async () => app.close());

    it.each(['/health/startup', '/health/ready', '/health/live'])(
      'API: GET %s answers 200',
      async (path) => {
        await request(app.getHttpServer()).get(path).expect(200);
      },
    );

    it('the worker serves the same HealthModule', () => {
      const imports: unknown = Reflect.getMetadata(MODULE_METADATA.IMPORTS, WorkerModule);
      expect(imports).toContainEqual(expect.objectContaining({ module: HealthModule }));
    });
  });
});
