import Router from '@koa/router';
import Koa from 'koa';
import type { AppDeps } from '../deps';
import { AppError } from '../domain/shared/app-error';
import { docsRouter } from './docs';
import { hqConsole } from './hq-console';
import { authenticate } from './middleware/authenticate';
import { bodyParser } from './middleware/body-parser';
import { errorHandler } from './middleware/error-handler';
import { requestContext } from './middleware/request-context';
import { mountRoute } from './mount-route';
import { buildOpenApiDocument } from './openapi';
import type { AnyRoute } from './route';
import { allRoutes } from './routes';

/** The Koa app, composed in one place: a list of small named middlewares, then the routes. */
export function createApp(deps: AppDeps, extraRoutes: AnyRoute[] = []): Koa {
  // Client addresses (per-client rate limits) come from X-Forwarded-For only as far as the
  // configured proxies vouch for them; with none, from the socket.
  const hops = deps.config.TRUSTED_PROXY_HOPS;
  const app = new Koa({ proxy: hops > 0, maxIpsCount: hops });
  const routes = [...allRoutes, ...extraRoutes];
  const router = new Router();
  for (const route of routes) router[route.method](route.path, mountRoute(route, deps));
  const docs = docsRouter(buildOpenApiDocument(routes));

  app.use(requestContext(deps.logger));
  app.use(errorHandler);
  app.use(corsForMiniProgramH5);
  app.use(bodyParser());
  app.use(docs.routes());
  app.use(hqConsole());
  app.use(authenticate(deps));
  app.use(router.routes());
  app.use(
    router.allowedMethods({
      throw: true,
      methodNotAllowed: () => new AppError('METHOD_NOT_ALLOWED', 'This route does not accept that method.'),
      notImplemented: () => new AppError('METHOD_NOT_ALLOWED', 'This method is not supported.'),
    }),
  );
  app.silent = true;
  return app;
}

/** The H5 build of the mini-program is served from another origin in the demo and tests. */
async function corsForMiniProgramH5(ctx: Koa.Context, next: Koa.Next): Promise<void> {
  ctx.set('Access-Control-Allow-Origin', '*');
  ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, X-Request-Id');
  ctx.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
  ctx.set('Access-Control-Expose-Headers', 'X-Request-Id, Idempotent-Replayed, Retry-After');
  if (ctx.method === 'OPTIONS') {
    ctx.status = 204;
    return;
  }
  await next();
}
