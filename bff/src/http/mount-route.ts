import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { adminAccess } from '../domain/admins/admin-access';
import { AppError } from '../domain/shared/app-error';
import { resolveMemberAt, type StaffRole, sessionRevoked, type TokenClaims } from '../sessions';
import type { AuthContext } from './auth-context';
import { requestHash, runIdempotent } from './idempotency';
import { authorizePos } from './pos-auth';
import { type AnyRoute, StatusAnswer } from './route';
import { validate } from './validate';

/** A handler that wrote ctx itself (images, 204s) returns this so nothing is overwritten. */
export const RESPONDED = Symbol('responded');

/** A handler answering with another status than the route's usual one (e.g. 202 for "waits for approval"). */
export function withStatus(status: number, body: unknown): StatusAnswer {
  return new StatusAnswer(status, body);
}
function unwrap(result: unknown, status: number): { status: number; body: unknown } {
  if (result instanceof StatusAnswer) return { status: result.status, body: result.body };
  return { status, body: result };
}

/** Turns a route definition into Koa middleware: authorise, validate, run (idempotently), answer. */
export function mountRoute(route: AnyRoute, deps: AppDeps) {
  return async function routeHandler(ctx: Context): Promise<void> {
    const auth = route.auth === 'pos' ? await authorizePos(ctx, deps) : await authorizeOrSignIn(route, ctx, deps);
    const params = route.params ? validate(route.params, ctx.params, 'params') : ctx.params;
    const query = route.query ? validate(route.query, ctx.query, 'query') : undefined;
    const rawBody = ctx.state.body;
    // No body at all stands for {} (e.g. a full refund); a body of `null` is refused like any non-object.
    const body = route.body ? validate(route.body, rawBody === undefined ? {} : rawBody, 'body') : undefined;
    if (!route.body && rawBody !== undefined && route.method !== 'get') {
      validateEmpty(rawBody);
    }
    const status = route.status ?? 200;
    const input = { body, query, params, auth, deps, ctx, tx: undefined };
    for (const [policy, key] of route.rateLimit?.(input) ?? []) await deps.rateLimits.take(policy, key);
    if (!route.idempotent) {
      const result = await route.handle(input);
      if (result === RESPONDED) return;
      const answer = unwrap(result, status);
      route.afterCommit?.({ deps });
      respond(ctx, answer.status, answer.body);
      return;
    }
    const idemKey = ctx.get('idempotency-key');
    if (!idemKey || idemKey.length > 64) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REQUIRED',
        'This write needs an Idempotency-Key header of 1 to 64 characters.',
      );
    }
    const stored = await runIdempotent(
      deps.dataSource,
      {
        scope: scopeOf(auth),
        idemKey,
        hash: requestHash(ctx.method, ctx.path, rawBody === undefined ? {} : rawBody),
        now: deps.clock.now(),
      },
      async (tx) => unwrap(await route.handle({ ...input, tx }), status),
    );
    if (stored.replayed) ctx.set('Idempotent-Replayed', 'true');
    else route.afterCommit?.({ deps });
    respond(ctx, stored.status, stored.body);
  };
}

function respond(ctx: Context, status: number, body: unknown): void {
  ctx.status = status;
  if (status !== 204) ctx.body = body ?? {};
}

function validateEmpty(body: unknown): void {
  if (body && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0) return;
  throw new AppError('VALIDATION_FAILED', 'This route takes no request body fields.', {
    issues: [{ path: 'body', message: 'expected {}' }],
  });
}

function scopeOf(auth: AuthContext): string {
  if (auth.kind === 'member') return `member:${auth.memberId}`;
  if (auth.kind === 'admin') return `admin:${auth.adminId}`;
  if (auth.kind === 'pos') return `pos:${auth.storeId}`;
  return 'anonymous';
}

/**
 * Routes open to everyone (sign-in, health) never fail on the token a client still sends: an
 * expired or ended session must be able to sign in again (the mini-program's silent refresh).
 */
async function authorizeOrSignIn(route: AnyRoute, ctx: Context, deps: AppDeps): Promise<AuthContext> {
  const bad = ctx.state.tokenError as AppError | undefined;
  if (route.auth === 'none') {
    if (bad) return { kind: 'anonymous' };
    return authorize(route, ctx.state.claims as TokenClaims | null, ctx.params ?? {}, deps).catch(
      (): AuthContext => ({ kind: 'anonymous' }),
    );
  }
  if (bad) throw bad;
  return authorize(route, ctx.state.claims as TokenClaims | null, ctx.params ?? {}, deps);
}

/** Who is calling (from the verified token), checked against what the route requires. */
async function authorize(
  route: AnyRoute,
  claims: TokenClaims | null,
  params: Record<string, string>,
  deps: AppDeps,
): Promise<AuthContext> {
  const db = deps.dataSource.manager;
  const storeId = route.auth === 'staff' || route.auth === 'manager' ? params.storeId : undefined;
  let auth: AuthContext = { kind: 'anonymous' };
  let role: StaffRole | null = null;
  if (claims?.typ === 'admin') auth = { kind: 'admin', adminId: claims.sub, username: claims.username };
  if (claims?.typ === 'member') {
    const member = await resolveMemberAt(db, claims.sub, storeId);
    if (!member) throw new AppError('UNAUTHENTICATED', 'This member account no longer exists; sign in again.');
    if (member.tokenVersion !== claims.ver) throw sessionRevoked();
    auth = { kind: 'member', memberId: member.memberId, tokenMemberId: claims.sub };
    role = member.role;
  }
  if (route.auth === 'none') return auth;
  if (route.auth === 'admin' || route.auth === 'adminRead') {
    if (auth.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', 'Sign in as an HQ administrator first.');
    if (auth.kind !== 'admin') throw new AppError('FORBIDDEN', 'Only HQ administrators may do this.');
    // A disabled or deleted admin's tokens stop working at once (the row is read on every call).
    const access = await adminAccess(db, auth.adminId);
    if (!access) throw new AppError('UNAUTHENTICATED', 'This administrator account is disabled; sign in again.');
    if (route.auth === 'admin' && access.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'The finance role may read reports only.', { role: access.role });
    }
    return { ...auth, role: access.role };
  }
  if (auth.kind !== 'member') {
    if (auth.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', 'Sign in first.');
    throw new AppError('FORBIDDEN', 'This route is for members and store staff.');
  }
  if (route.auth === 'member') return auth;
  if (!role) throw new AppError('NOT_STAFF_OF_STORE', 'You are not staff of this store.', { storeId });
  if (route.auth === 'manager' && role !== 'manager') {
    throw new AppError('MANAGER_REQUIRED', 'Only a store manager may do this.', { storeId });
  }
  return auth;
}
