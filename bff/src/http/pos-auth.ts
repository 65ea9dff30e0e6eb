import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { dataCryptoOf } from '../domain/members/deps-helpers';
import { POS_HEADERS } from '../domain/pos/pos-signature';
import { verifyPosRequest } from '../domain/pos/verify-pos-request';
import type { AuthContext } from './auth-context';

/** `auth: 'pos'`: the caller is the store of a POS key, proven by the signed-request headers. */
export async function authorizePos(ctx: Context, deps: AppDeps): Promise<AuthContext> {
  const caller = await verifyPosRequest(deps.dataSource.manager, dataCryptoOf(deps), {
    keyId: ctx.get(POS_HEADERS.keyId),
    timestamp: ctx.get(POS_HEADERS.timestamp),
    nonce: ctx.get(POS_HEADERS.nonce),
    signature: ctx.get(POS_HEADERS.signature),
    method: ctx.method,
    pathWithQuery: ctx.originalUrl,
    body: (ctx.state.rawBody as Buffer | undefined) ?? '',
    now: deps.clock.now(),
  });
  return { kind: 'pos', keyId: caller.keyId, storeId: caller.storeId };
}
