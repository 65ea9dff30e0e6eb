import {
  CreateTopupRequestSchema,
  CreateTopupResponseSchema,
  ErrorBodySchema,
  PayNotifyRefusalSchema,
  RefundTopupRequestSchema,
  RefundTopupResponseSchema,
  TopupListQuerySchema,
  TopupListResponseSchema,
  TopupOptionsResponseSchema,
  TopupParamsSchema,
  TopupResponseSchema,
  TopupRuleResponseSchema,
  TopupRuleSchema,
} from '@tongka/shared-types';
import { z } from 'zod';
import { createTopup, getTopup, listTopups, receivePayNotification, refundTopup, topupOptions } from '../../domain/pay';
import { AppError } from '../../domain/shared/app-error';
import type { AuthContext } from '../auth-context';
import { RESPONDED } from '../mount-route';
import { type AnyRoute, defineRoute } from '../route';
import { hqRuleRoutes } from './admin-rules';

function memberIdOf(auth: AuthContext): string {
  if (auth.kind !== 'member') throw new AppError('UNAUTHENTICATED', 'Sign in first.');
  return auth.memberId;
}

function adminIdOf(auth: AuthContext): string {
  if (auth.kind !== 'admin') throw new AppError('FORBIDDEN', 'Only HQ administrators may do this.');
  return auth.adminId;
}

/** WECHAT.md: WeChat retries on any 4xx/5xx; 204 means received. Bodies are WeChat's {code, message}. */
const notificationStatus = { received: 204, bad_signature: 401, refused: 400, failed: 500 } as const;
const notificationCode = { bad_signature: 'SIGN_ERROR', refused: 'FAIL', failed: 'FAIL' } as const;

export const payRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/pay/topup-options',
    summary: 'What the top-up page offers: limits, amounts with their HQ bonus ("充500送50"), issuing stores',
    tag: 'pay',
    auth: 'member',
    response: TopupOptionsResponseSchema,
    handle: ({ auth, deps }) => topupOptions(deps.dataSource.manager, memberIdOf(auth)),
  }),
  defineRoute({
    method: 'post',
    path: '/api/pay/topups',
    summary: 'Starts a stored-value top-up: a JSAPI order for the member, payParams for Taro.requestPayment',
    tag: 'pay',
    auth: 'member',
    idempotent: true,
    status: 201,
    body: CreateTopupRequestSchema,
    response: CreateTopupResponseSchema,
    handle: ({ auth, deps, body, tx }) =>
      createTopup(tx ?? deps.dataSource.manager, deps.pay, {
        memberId: memberIdOf(auth),
        amountFen: body.amountFen,
        storeId: body.storeId,
        notifyUrl: deps.config.WECHATPAY_NOTIFY_URL,
        now: deps.clock.now(),
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/pay/topups/:id',
    summary: "The member's own top-up: pending until WeChat Pay's payment is confirmed here",
    tag: 'pay',
    auth: 'member',
    params: TopupParamsSchema,
    response: TopupResponseSchema,
    handle: ({ auth, deps, params }) => getTopup(deps.dataSource.manager, params.id, memberIdOf(auth)),
  }),
  defineRoute({
    method: 'post',
    path: '/api/pay/notify',
    summary:
      'WeChat Pay v3 notifications (payment, refund): verified over the raw body, decrypted, applied once; 204 / 401 SIGN_ERROR / 400 FAIL / 500 FAIL',
    tag: 'pay',
    auth: 'none',
    status: 204,
    // Refusals are in WeChat's shape; a body that is not JSON at all is refused before, in ours.
    errorBody: z.union([PayNotifyRefusalSchema, ErrorBodySchema]),
    body: z.record(z.unknown()),
    async handle({ deps, ctx }) {
      const answer = await receivePayNotification(deps, {
        headers: ctx.headers,
        rawBody: (ctx.state.rawBody as Buffer | undefined) ?? Buffer.alloc(0),
      });
      ctx.status = notificationStatus[answer.answer];
      if (answer.answer !== 'received') ctx.body = { code: notificationCode[answer.answer], message: answer.message };
      return RESPONDED;
    },
  }),
  ...hqRuleRoutes('topup', '/api/admin/topup-rule', TopupRuleSchema, TopupRuleResponseSchema),
  defineRoute({
    method: 'get',
    path: '/api/admin/topups',
    summary: 'Top-ups, newest first, by member and status (to find the one to refund)',
    tag: 'pay',
    auth: 'admin',
    query: TopupListQuerySchema,
    response: TopupListResponseSchema,
    handle: ({ deps, query }) => listTopups(deps.dataSource.manager, query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/topups/:id',
    summary: 'A top-up with its refund, for HQ',
    tag: 'pay',
    auth: 'admin',
    params: TopupParamsSchema,
    response: TopupResponseSchema,
    handle: ({ deps, params }) => getTopup(deps.dataSource.manager, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/topups/:id/refund',
    summary:
      "Refunds a top-up's unused paid value through WeChat Pay (its remaining bonus forfeited first); held until WeChat settles it",
    tag: 'pay',
    auth: 'admin',
    status: 202,
    params: TopupParamsSchema,
    body: RefundTopupRequestSchema,
    response: RefundTopupResponseSchema,
    handle: ({ auth, deps, params, body }) =>
      refundTopup(deps, { topupId: params.id, adminId: adminIdOf(auth), reason: body.reason }),
  }),
];
