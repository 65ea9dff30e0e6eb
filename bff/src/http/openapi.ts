import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { ErrorBodySchema } from '@tongka/shared-types';
import { z } from 'zod';
import type { AnyRoute } from './route';

// Patches the zod prototype so every schema (shared-types included) carries OpenAPI metadata.
extendZodWithOpenApi(z);

/** The OpenAPI document, generated from the same route definitions and zod schemas the BFF runs. */
export function buildOpenApiDocument(routes: AnyRoute[]): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  registry.registerComponent('securitySchemes', 'posSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Tongka-Signature',
    description:
      'POS key signature: headers X-Tongka-Key, X-Tongka-Timestamp (Unix seconds, ±5 min), X-Tongka-Nonce ' +
      '(8-64 of [A-Za-z0-9_-], never reused) and X-Tongka-Signature = hex HMAC-SHA256(secret, ' +
      'METHOD\\nPATH_WITH_QUERY\\nTIMESTAMP\\nNONCE\\nsha256hex(body)). See docs/pos-api.md.',
  });
  for (const route of routes) {
    const status = String(route.status ?? 200);
    const success = route.produces
      ? { description: 'OK', content: { [route.produces]: { schema: { type: 'string' as const, format: 'binary' } } } }
      : route.response
        ? {
            description: 'OK',
            content: {
              'application/json': { schema: route.response },
              ...(route.alsoProduces ? { [route.alsoProduces]: { schema: { type: 'string' as const } } } : {}),
            },
          }
        : { description: 'OK' };
    const params = route.params as z.AnyZodObject | undefined;
    const query = route.query as z.AnyZodObject | undefined;
    registry.registerPath({
      method: route.method,
      path: route.path.replace(/:(\w+)/g, '{$1}'),
      summary: route.summary,
      tags: [route.tag],
      security: route.auth === 'none' ? [] : route.auth === 'pos' ? [{ posSignature: [] }] : [{ bearer: [] }],
      request: {
        params: params instanceof z.ZodObject ? params : undefined,
        query: query instanceof z.ZodObject ? query : undefined,
        headers: route.idempotent ? z.object({ 'Idempotency-Key': z.string().min(1).max(64) }) : undefined,
        body: route.body ? { content: { 'application/json': { schema: route.body as z.ZodTypeAny } } } : undefined,
      },
      responses: {
        [status]: success,
        '4XX': {
          description: 'Error',
          content: { 'application/json': { schema: route.errorBody ?? ErrorBodySchema } },
        },
        ...(route.errorBody
          ? {
              '500': {
                description: 'Not processed; the caller retries',
                content: { 'application/json': { schema: route.errorBody } },
              },
            }
          : {}),
        '503': {
          description: 'A dependency (database, WeChat, WeChat Pay) is down or not configured; retry later',
          content: { 'application/json': { schema: ErrorBodySchema } },
        },
      },
    });
  }
  const generator = new OpenApiGeneratorV3(registry.definitions);
  return generator.generateDocument({
    openapi: '3.0.3',
    info: { title: 'Tongka BFF', version: '0.1.0', description: 'One member card for every store of a chain.' },
  });
}
