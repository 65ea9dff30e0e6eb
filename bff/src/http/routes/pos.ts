import {
  CheckoutListQuerySchema,
  CheckoutListResponseSchema,
  CheckoutRequestSchema,
  CheckoutResponseSchema,
  PosCheckoutIdParamsSchema,
  PosKeyCreatedSchema,
  PosKeyCreateRequestSchema,
  PosKeyListResponseSchema,
  PosKeyParamsSchema,
  PosKeySchema,
  RefundRequestSchema,
  RefundResponseSchema,
  ScanRequestSchema,
  ScanResponseSchema,
  StoreIdParamsSchema,
} from '@tongka/shared-types';
import { inTransaction } from '../../db/tx';
import { listStoreCheckouts } from '../../domain/checkout/list-checkouts';
import { openScan } from '../../domain/checkout/open-scan';
import { previewCheckout } from '../../domain/checkout/preview-checkout';
import { refundCheckout } from '../../domain/checkout/refund-checkout';
import { runCheckout } from '../../domain/checkout/run-checkout';
import { dataCryptoOf } from '../../domain/members/deps-helpers';
import { createPosKey, listPosKeys, revokePosKey } from '../../domain/pos/pos-keys';
import { localDate } from '../../domain/shared/chain-time';
import type { AuthContext } from '../auth-context';
import { type AnyRoute, defineRoute } from '../route';
import { adminIdOf } from './auth';

/** The store a POS key acts for, and the key id recorded where the cashier's id would be. */
const pos = (auth: AuthContext) => (auth.kind === 'pos' ? auth : { storeId: '', keyId: '' });

/** HQ issues, lists and revokes the per-store POS keys. */
export const posKeyRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/admin/stores/:id/api-keys',
    summary: 'Issue a POS API key for a store (the secret is answered once)',
    tag: 'admin-pos',
    auth: 'admin',
    status: 201,
    params: StoreIdParamsSchema,
    body: PosKeyCreateRequestSchema,
    response: PosKeyCreatedSchema,
    handle: ({ deps, auth, params, body }) =>
      inTransaction(deps.dataSource, (tx) =>
        createPosKey(tx, dataCryptoOf(deps), {
          storeId: params.id,
          name: body.name,
          adminId: adminIdOf(auth),
          now: deps.clock.now(),
        }),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/stores/:id/api-keys',
    summary: "A store's POS keys with name, creation and last use (never the secret)",
    tag: 'admin-pos',
    auth: 'admin',
    params: StoreIdParamsSchema,
    response: PosKeyListResponseSchema,
    handle: ({ deps, params }) => listPosKeys(deps.dataSource.manager, params.id),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/admin/stores/:id/api-keys/:keyId',
    summary: 'Revoke a POS key (rotation: issue a second key, switch the till, revoke the old one)',
    tag: 'admin-pos',
    auth: 'admin',
    params: PosKeyParamsSchema,
    response: PosKeySchema,
    handle: ({ deps, auth, params }) =>
      inTransaction(deps.dataSource, (tx) =>
        revokePosKey(tx, { storeId: params.id, keyId: params.keyId, adminId: adminIdOf(auth), now: deps.clock.now() }),
      ),
  }),
];

/** The cashier's flow for a signed POS: the same use cases as /api/stores/:storeId/..., for the key's store. */
export const posRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/pos/scan',
    summary: "Scan the member's code (the scanner-gun string): member and balances, opens a 10-minute scan",
    tag: 'pos',
    auth: 'pos',
    body: ScanRequestSchema,
    response: ScanResponseSchema,
    handle: ({ deps, auth, body }) =>
      openScan(deps.dataSource.manager, dataCryptoOf(deps), deps.rateLimits, {
        storeId: pos(auth).storeId,
        staffMemberId: pos(auth).keyId,
        code: body.code,
        now: deps.clock.now(),
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/pos/checkouts/preview',
    summary: 'What the checkout would produce, writing nothing',
    tag: 'pos',
    auth: 'pos',
    body: CheckoutRequestSchema,
    response: CheckoutResponseSchema,
    handle: ({ deps, auth, body }) =>
      previewCheckout(deps, { storeId: pos(auth).storeId, staffMemberId: pos(auth).keyId, body }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/pos/checkouts',
    summary: 'Run a checkout (Idempotency-Key: the POS order number)',
    tag: 'pos',
    auth: 'pos',
    idempotent: true,
    status: 201,
    body: CheckoutRequestSchema,
    response: CheckoutResponseSchema,
    handle: ({ deps, auth, body, tx }) =>
      runCheckout(tx!, deps, { storeId: pos(auth).storeId, staffMemberId: pos(auth).keyId, body }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/pos/checkouts/:checkoutId/refund',
    summary: "Refund a checkout of today in full or in part (earlier days: a manager on the cashier's pages)",
    tag: 'pos',
    auth: 'pos',
    idempotent: true,
    params: PosCheckoutIdParamsSchema,
    body: RefundRequestSchema,
    response: RefundResponseSchema,
    handle: ({ deps, auth, params, body, tx }) =>
      refundCheckout(tx!, deps, {
        storeId: pos(auth).storeId,
        checkoutId: params.checkoutId,
        staffMemberId: pos(auth).keyId,
        isManager: false,
        amountFen: body.amountFen,
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/pos/checkouts',
    summary: "The store's checkouts of one day (chain time; default today) with refunds and totals",
    tag: 'pos',
    auth: 'pos',
    query: CheckoutListQuerySchema,
    response: CheckoutListResponseSchema,
    handle: ({ deps, auth, query }) =>
      listStoreCheckouts(deps.dataSource.manager, dataCryptoOf(deps), {
        storeId: pos(auth).storeId,
        date: query.date ?? localDate(deps.clock.now(), deps.config.CHAIN_TIME_ZONE),
        limit: query.limit,
        cursor: query.cursor,
      }),
  }),
];
