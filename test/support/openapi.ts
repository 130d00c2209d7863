import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The RealWorld contract this API answers to. */
export const REALWORLD_SPEC_DIR = join(__dirname, '..', '..', '..', 'shared', 'realworld', 'spec');

/** The spec's paths are relative to its server, `…/api`. */
export const SPEC_PATH_PREFIX = '/api';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export function asOpenApiDocument(value: unknown): OpenAPIObject {
  if (typeof value !== 'object' || value === null || !('openapi' in value) || !('paths' in value)) {
    throw new Error('not an OpenAPI document');
  }
  // Checked above for the two keys every OpenAPI document has; the rest is read defensively.
  return value as OpenAPIObject;
}

export function loadRealWorldSpec(): OpenAPIObject {
  return asOpenApiDocument(parse(readFileSync(join(REALWORLD_SPEC_DIR, 'openapi.yml'), 'utf8')));
}

/** `POST /api/articles` for each operation of a document. */
export function operationsOf(document: OpenAPIObject, prefix = ''): Map<string, OperationObject> {
  const operations = new Map<string, OperationObject>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation !== undefined)
        operations.set(`${method.toUpperCase()} ${prefix}${path}`, operation);
    }
  }
  return operations;
}

/** Follows a local `$ref` (`#/components/responses/UserResponse`) to what it names. */
function resolve(document: OpenAPIObject, node: unknown): unknown {
  let current = node;
  while (typeof current === 'object' && current !== null && '$ref' in current) {
    const ref = current.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/'))
      throw new Error(`cannot follow ${String(ref)}`);
    current = ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (at, key) => (typeof at === 'object' && at !== null ? Reflect.get(at, key) : undefined),
        document,
      );
  }
  return current;
}

function jsonSchemaOf(document: OpenAPIObject, holder: unknown): object | undefined {
  const resolved = resolve(document, holder);
  if (typeof resolved !== 'object' || resolved === null || !('content' in resolved))
    return undefined;
  const schema: unknown = Reflect.get(Object(resolved.content), 'application/json')?.schema;
  return typeof schema === 'object' && schema !== null ? schema : undefined;
}

/** The JSON schema of an operation's answer with this status, if it documents one. */
export function responseSchema(
  document: OpenAPIObject,
  operation: OperationObject,
  status: number,
): object | undefined {
  return jsonSchemaOf(document, operation.responses[String(status)]);
}

export function requestSchema(
  document: OpenAPIObject,
  operation: OperationObject,
): object | undefined {
  return jsonSchemaOf(document, operation.requestBody);
}

/**
 * Validates values against schemas of one OpenAPI 3.1 document (JSON Schema 2020-12), their
 * `#/components/...` references included.
 */
export class SchemaValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });

  constructor(private readonly document: OpenAPIObject) {
    addFormats(this.ajv);
    // A hint for UIs (mask the input), not a constraint.
    this.ajv.addFormat('password', true);
  }

  /** What is wrong with `value` under `schema`; [] when it is valid. */
  problems(schema: object, value: unknown): string[] {
    const validate = this.ajv.compile({ ...schema, components: this.document.components });
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`,
    );
  }
}

/** A request of the official Bruno suite: what it sends and which status it expects. */
export interface BrunoRequest {
  file: string;
  method: HttpMethod;
  /** The URL template without the host: `/api/articles/{{slug}}`. */
  url: string;
  body: unknown;
  expectedStatus: number;
}

function blockOf(text: string, name: string): string | undefined {
  const start = text.indexOf(`\n${name} {\n`);
  if (start === -1) return undefined;
  const end = text.indexOf('\n}\n', start);
  return text.slice(start + name.length + 4, end === -1 ? undefined : end);
}

/** Every Bruno request that sends a JSON body, `{{uid}}` filled in. */
export function brunoRequestsWithBodies(): BrunoRequest[] {
  const root = join(REALWORLD_SPEC_DIR, 'bruno');
  const requests: BrunoRequest[] = [];
  for (const folder of readdirSync(root, { withFileTypes: true })) {
    if (!folder.isDirectory() || folder.name === 'environments') continue;
    for (const name of readdirSync(join(root, folder.name)).filter((file) =>
      file.endsWith('.bru'),
    )) {
      const file = `${folder.name}/${name}`;
      const text = `\n${readFileSync(join(root, file), 'utf8')}`;
      const body = blockOf(text, 'body:json');
      const method = HTTP_METHODS.find((candidate) => blockOf(text, candidate) !== undefined);
      const status = /res\.status: eq (\d{3})/.exec(text);
      if (body === undefined || method === undefined || status === null) continue;
      const url = /url: \{\{host\}\}(\S+)/.exec(blockOf(text, method) ?? '')?.[1] ?? '';
      requests.push({
        file,
        method,
        url,
        body: JSON.parse(body.replaceAll('{{uid}}', 'u1764555555abcd')),
        expectedStatus: Number(status[1]),
      });
    }
  }
  return requests;
}

/** The operation a concrete URL belongs to: `/api/articles/{{slug}}` → `/api/articles/{slug}`. */
export function operationKeyFor(
  document: OpenAPIObject,
  method: HttpMethod,
  url: string,
): string | undefined {
  const path = url.split('?')[0];
  const segments = path.split('/');
  // Literal segments first: /api/articles/feed is not an article slug.
  const templates = Object.keys(document.paths).toSorted(
    (a, b) => a.split('{').length - b.split('{').length,
  );
  for (const template of templates) {
    const parts = template.split('/');
    if (parts.length !== segments.length) continue;
    if (parts.every((part, index) => part.startsWith('{') || part === segments[index])) {
      return document.paths[template][method] === undefined
        ? undefined
        : `${method.toUpperCase()} ${template}`;
    }
  }
  return undefined;
}
