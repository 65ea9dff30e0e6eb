import type { Context, Next } from 'koa';
import { resolveActiveMemberId } from '../../auth/resolve-principal';
import { verifyToken } from '../../auth/tokens';
import type { AppDeps } from '../../deps';
import { AppError } from '../../domain/shared/app-error';
import type { AuthContext } from '../auth-context';

/**
 * Turns the bearer token into ctx.state.auth. A bad token on any route is 401; routes decide
 * whether anonymous callers are allowed (see mount-route.ts).
 */
export function authenticate(deps: AppDeps) {
  return async function authenticateMiddleware(ctx: Context, next: Next): Promise<void> {
    const header = ctx.get('authorization');
    let auth: AuthContext = { kind: 'anonymous' };
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const claims = match ? verifyToken(deps.config.JWT_SECRET, match[1]) : null;
      if (!claims) throw new AppError('UNAUTHENTICATED', 'The sign-in token is missing, invalid or expired.');
      if (claims.typ === 'admin') {
        auth = { kind: 'admin', adminId: claims.sub, username: claims.username };
      } else {
        const memberId = await resolveActiveMemberId(deps.dataSource.manager, claims.sub);
        if (!memberId) throw new AppError('UNAUTHENTICATED', 'This member account no longer exists; sign in again.');
        auth = { kind: 'member', memberId, tokenMemberId: claims.sub };
      }
    }
    ctx.state.auth = auth;
    return next();
  };
}
