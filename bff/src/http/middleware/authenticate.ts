import type { Context, Next } from 'koa';
import { type TokenClaims, verifyToken } from '../../auth/tokens';
import type { AppDeps } from '../../deps';
import { AppError } from '../../domain/shared/app-error';

/**
 * Verifies the bearer token into ctx.state.claims. A bad token on any route is 401; the member
 * a token names is looked up by the route itself (mount-route.ts), which knows the store it acts
 * at and so can check membership and staff role in one read.
 */
export function authenticate(deps: AppDeps) {
  return async function authenticateMiddleware(ctx: Context, next: Next): Promise<void> {
    const header = ctx.get('authorization');
    let claims: TokenClaims | null = null;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      claims = match ? verifyToken(deps.config.JWT_SECRET, match[1]) : null;
      if (!claims) throw new AppError('UNAUTHENTICATED', 'The sign-in token is missing, invalid or expired.');
    }
    ctx.state.claims = claims;
    return next();
  };
}
