import type { Context, Next } from 'koa';
import type { AppDeps } from '../../deps';
import { readBearer } from '../../sessions';

/**
 * Verifies the bearer token into ctx.state.claims. A bad token is 401 on any route that needs a
 * caller, and ignored on routes open to everyone (a stale token must not stop a sign-in); the member
 * a token names is looked up by the route itself (mount-route.ts), which knows the store it acts
 * at and so can check the session version, membership and staff role in one read.
 */
export function authenticate(deps: AppDeps) {
  return async function authenticateMiddleware(ctx: Context, next: Next): Promise<void> {
    ctx.state.claims = null;
    try {
      ctx.state.claims = readBearer(deps.config, ctx.get('authorization'));
    } catch (error) {
      // Refused by the route (mount-route.ts) unless it is open to everyone, like sign-in.
      ctx.state.tokenError = error;
    }
    return next();
  };
}
