import type { Context } from 'koa';
import { adminExists, staffRoleAt } from '../auth/resolve-principal';
import type { AppDeps } from '../deps';
import { AppError } from '../domain/shared/app-error';
import type { AuthContext } from './auth-context';
import { requestHash, runIdempotent } from './idempotency';
import type { AnyRoute } from './route';
import { validate } from './validate';

/** A handler that wrote ctx itself (images, 204s) returns this so nothing is overwritten. */
export const RESPONDED = Symbol('responded');

/** Turns a route definition into Koa middleware: authorise, validate, run (idempotently), answer. */
export function mountRoute(route: AnyRoute, deps: AppDeps) {
  return async function routeHandler(ctx: Context): Promise<void> {
    const auth = ctx.state.auth as AuthContext;
    await authorize(route, auth, ctx.params ?? {}, deps);
    const params = route.params ? validate(route.params, ctx.params, 'params') : ctx.params;
    const query = route.query ? validate(route.query, ctx.query, 'query') : undefined;
    const rawBody = ctx.state.body;
    const body = route.body ? validate(route.body, rawBody ?? {}, 'body') : undefined;
    if (!route.body && rawBody !== undefined && route.method !== 'get') {
      validateEmpty(rawBody);
    }
    const status = route.status ?? 200;
    const input = { body, query, params, auth, deps, ctx, tx: undefined };
    if (!route.idempotent) {
      const result = await route.handle(input);
      if (result !== RESPONDED) respond(ctx, status, result);
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
      { scope: scopeOf(auth), idemKey, hash: requestHash(ctx.method, ctx.path, rawBody ?? {}), now: deps.clock.now() },
      async (tx) => ({ status, body: await route.handle({ ...input, tx }) }),
    );
    if (stored.replayed) ctx.set('Idempotent-Replayed', 'true');
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
  return 'anonymous';
}

async function authorize(
  route: AnyRoute,
  auth: AuthContext,
  params: Record<string, string>,
  deps: AppDeps,
): Promise<void> {
  if (route.auth === 'none') return;
  if (route.auth === 'admin') {
    if (auth.kind === 'admin' && (await adminExists(deps.dataSource.manager, auth.adminId))) return;
    if (auth.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', 'Sign in as an HQ administrator first.');
    throw new AppError('FORBIDDEN', 'Only HQ administrators may do this.');
  }
  if (auth.kind !== 'member') {
    if (auth.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', 'Sign in first.');
    throw new AppError('FORBIDDEN', 'This route is for members and store staff.');
  }
  if (route.auth === 'member') return;
  const storeId = params.storeId;
  const role = storeId ? await staffRoleAt(deps.dataSource.manager, auth.memberId, storeId) : null;
  if (!role) throw new AppError('NOT_STAFF_OF_STORE', 'You are not staff of this store.', { storeId });
  if (route.auth === 'manager' && role !== 'manager') {
    throw new AppError('MANAGER_REQUIRED', 'Only a store manager may do this.', { storeId });
  }
}
