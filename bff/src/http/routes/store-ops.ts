import {
  CheckoutListQuerySchema,
  CheckoutListResponseSchema,
  CheckoutParamsSchema,
  CheckoutRequestSchema,
  CheckoutResponseSchema,
  RefundPreviewResponseSchema,
  RefundRequestSchema,
  RefundResponseSchema,
  ScanRequestSchema,
  ScanResponseSchema,
  SelfSaleApprovalRequestSchema,
  SelfSaleApprovalResponseSchema,
  StoreParamsSchema,
} from '@tongka/shared-types';
import { inTransaction } from '../../db/tx';
import { listStoreCheckouts } from '../../domain/checkout/list-checkouts';
import { openScan } from '../../domain/checkout/open-scan';
import { previewCheckout } from '../../domain/checkout/preview-checkout';
import { previewRefund } from '../../domain/checkout/preview-refund';
import { refundCheckout } from '../../domain/checkout/refund-checkout';
import { runCheckout } from '../../domain/checkout/run-checkout';
import { createSelfSaleApproval } from '../../domain/checkout/self-sale';
import { dataCryptoOf } from '../../domain/members/deps-helpers';
import { localDate } from '../../domain/shared/chain-time';
import { staffRoleAt } from '../../sessions';
import type { AuthContext } from '../auth-context';
import { type AnyRoute, defineRoute } from '../route';

const staffIdOf = (auth: AuthContext) => (auth.kind === 'member' ? auth.memberId : '');

export const storeOpsRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/stores/:storeId/scan',
    summary: "Scan a member's code: opens a 10-minute scan for checkouts at this store",
    tag: 'store-staff',
    auth: 'staff',
    params: StoreParamsSchema,
    body: ScanRequestSchema,
    response: ScanResponseSchema,
    handle: ({ deps, auth, params, body }) =>
      openScan(deps.dataSource.manager, dataCryptoOf(deps), deps.rateLimits, {
        storeId: params.storeId,
        staffMemberId: staffIdOf(auth),
        code: body.code,
        now: deps.clock.now(),
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/stores/:storeId/checkouts/preview',
    summary: 'What the checkout would produce, writing nothing (the confirmation sheet)',
    tag: 'store-staff',
    auth: 'staff',
    params: StoreParamsSchema,
    body: CheckoutRequestSchema,
    response: CheckoutResponseSchema,
    handle: ({ deps, auth, params, body }) =>
      previewCheckout(deps, { storeId: params.storeId, staffMemberId: staffIdOf(auth), body }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/stores/:storeId/checkouts',
    summary:
      "Run a checkout: coupons, points deduction, stored value, points earned (a sale to the seller's own card above the HQ limit needs selfSaleApprovalCode)",
    tag: 'store-staff',
    auth: 'staff',
    idempotent: true,
    status: 201,
    params: StoreParamsSchema,
    body: CheckoutRequestSchema,
    response: CheckoutResponseSchema,
    rateLimit: ({ auth, body }) => (body.selfSaleApprovalCode ? [['self-sale-approval', staffIdOf(auth)]] : []),
    handle: ({ deps, auth, params, body, tx }) =>
      runCheckout(tx!, deps, { storeId: params.storeId, staffMemberId: staffIdOf(auth), body }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/stores/:storeId/checkouts/:checkoutId/refund',
    summary: 'Refund a checkout in full or in part (earlier days: managers only)',
    tag: 'store-staff',
    auth: 'staff',
    idempotent: true,
    params: CheckoutParamsSchema,
    body: RefundRequestSchema,
    response: RefundResponseSchema,
    async handle({ deps, auth, params, body, tx }) {
      const role = await staffRoleAt(tx!, staffIdOf(auth), params.storeId);
      return refundCheckout(tx!, deps, {
        storeId: params.storeId,
        checkoutId: params.checkoutId,
        staffMemberId: staffIdOf(auth),
        isManager: role === 'manager',
        amountFen: body.amountFen,
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/stores/:storeId/checkouts/:checkoutId/refund/preview',
    summary: 'What the refund with this body would do (points returned, clawed back, debt), writing nothing',
    tag: 'store-staff',
    auth: 'staff',
    params: CheckoutParamsSchema,
    body: RefundRequestSchema,
    response: RefundPreviewResponseSchema,
    handle: ({ deps, auth, params, body }) =>
      previewRefund(deps, {
        storeId: params.storeId,
        checkoutId: params.checkoutId,
        staffMemberId: staffIdOf(auth),
        amountFen: body.amountFen,
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/stores/:storeId/checkouts',
    summary:
      "The store's checkouts of one day (chain time; default today), newest first, paged; totals over the whole day",
    tag: 'store-staff',
    auth: 'staff',
    params: StoreParamsSchema,
    query: CheckoutListQuerySchema,
    response: CheckoutListResponseSchema,
    handle: ({ deps, params, query }) =>
      listStoreCheckouts(deps.dataSource.manager, dataCryptoOf(deps), {
        storeId: params.storeId,
        date: query.date ?? localDate(deps.clock.now(), deps.config.CHAIN_TIME_ZONE),
        limit: query.limit,
        cursor: query.cursor,
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/stores/:storeId/self-sale-approvals',
    summary:
      "A manager's single-use code (10 minutes) approving one staff sale to the seller's own card, up to an amount",
    tag: 'store-staff',
    auth: 'manager',
    status: 201,
    params: StoreParamsSchema,
    body: SelfSaleApprovalRequestSchema,
    response: SelfSaleApprovalResponseSchema,
    handle: ({ deps, auth, params, body }) =>
      inTransaction(deps.dataSource, (tx) =>
        createSelfSaleApproval(tx, {
          storeId: params.storeId,
          managerMemberId: staffIdOf(auth),
          maxAmountFen: body.maxAmountFen,
          now: deps.clock.now(),
        }),
      ),
  }),
];
