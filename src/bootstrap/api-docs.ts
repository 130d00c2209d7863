import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOKEN_SCHEME } from '../common/decorators/public.decorator';
import { describeCommonResponses } from '../common/openapi/common-responses';
import { describeOptInResponseHeaders } from '../common/openapi/opt-in-response-headers';

export const DOCS_PATH = '/docs';
export const DOCS_JSON_PATH = `${DOCS_PATH}/openapi.json`;

/**
 * Swagger UI is a page of scripts, styles and images from its own origin, which the API's
 * `default-src 'none'` would block; it still may not be framed.
 */
const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

const allowDocsPage: onRequestHookHandler = (_request, reply, done) => {
  void reply.header('content-security-policy', DOCS_CONTENT_SECURITY_POLICY);
  done();
};

/** package.json sits two folders up from both src/bootstrap and dist/bootstrap. */
function apiVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
  return typeof manifest === 'object' && manifest !== null && 'version' in manifest
    ? String(manifest.version)
    : 'unknown';
}

/** The OpenAPI 3.1 description of the Conduit API, from the controllers and DTOs. */
export function buildApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Conduit API')
    .setDescription(
      'The RealWorld Conduit API: users and authentication, profiles, articles, comments, favorites and tags. Errors come as `{"errors": {"<field>": ["<message>"]}}`; every response carries `X-Request-Id`.',
    )
    .setVersion(apiVersion())
    .setExternalDoc('RealWorld API specification', 'https://realworld-docs.netlify.app/')
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description: 'The token from registration or login, as `Token <jwt>`',
      },
      TOKEN_SCHEME,
    )
    .addSecurityRequirements(TOKEN_SCHEME)
    .build();
  return describeOptInResponseHeaders(
    describeCommonResponses(SwaggerModule.createDocument(app, config)),
  );
}

/**
 * GET /docs (Swagger UI) and GET /docs/openapi.json. The document is built on the first
 * request, not at boot. Neither is rate limited: they are static once built, cheaper to serve
 * than a limiter's round trip, and a UI whose scripts got 429 would be useless.
 */
export function serveApiDocs(app: NestFastifyApplication, fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    if (!route.url.startsWith(DOCS_PATH)) return;
    route.config = { ...route.config, rateLimit: 'none' };
    const own = route.onRequest;
    route.onRequest = [
      ...(own === undefined ? [] : Array.isArray(own) ? own : [own]),
      allowDocsPage,
    ];
  });
  SwaggerModule.setup(DOCS_PATH.slice(1), app, () => buildApiDocument(app), {
    useGlobalPrefix: false,
    jsonDocumentUrl: DOCS_JSON_PATH.slice(1),
    raw: ['json'],
    customSiteTitle: 'Conduit API',
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
  });
}
