import type { Context, Next } from 'koa';
import type { AppDeps } from '../../deps';
import { readBearer } from '../../sessions';

/**
 * Verifies the bearer token into ctx.state.claims. A bad token on any route is 401; the member
 * a token names is looked up by the route itself (mount-route.ts), which knows the store it acts
 * at and so can check the session version, membership and staff role in one read.
 */
export function authenticate(deps: AppDeps) {
  return async function authenticateMiddleware(ctx: Context, next: Next): Promise<void> {
    ctx.state.claims = readBearer(deps.config, ctx.get('authorization'));
    return next();
  };
}
