import {
  AdminRewardExchangeListSchema,
  AdminRewardExchangeQuerySchema,
  AdminRewardListSchema,
  AdminRewardSchema,
  PickupVerifyRequestSchema,
  RewardExchangeAnswerSchema,
  RewardExchangeListSchema,
  RewardExchangeRequestSchema,
  RewardExchangeSchema,
  RewardListSchema,
  RewardParamsSchema,
  RewardRequestSchema,
  RewardSchema,
  RewardUpdateSchema,
  StoreParamsSchema,
} from '@tongka/shared-types';
import { inTransaction } from '../../db/tx';
import '../../domain/rewards/register-rewards';
import { listAdminExchanges, listAdminRewards, updateReward } from '../../domain/rewards/admin-rewards';
import { exchangeReward } from '../../domain/rewards/exchange-reward';
import { createReward, listMemberExchanges, listRewards } from '../../domain/rewards/manage-rewards';
import { startCashPartPayment } from '../../domain/rewards/pay-cash-part';
import { verifyPickup } from '../../domain/rewards/verify-pickup';
import { type AnyRoute, defineRoute, StatusAnswer } from '../route';
import { adminIdOf, memberIdOf } from './auth';

export const rewardRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/admin/rewards',
    summary: 'Create a rewards-catalogue item (points price, optional cash part, stock, limit, window, pickup stores)',
    tag: 'admin',
    auth: 'admin',
    status: 201,
    body: RewardRequestSchema,
    response: RewardSchema,
    handle: ({ deps, auth, body }) =>
      inTransaction(deps.dataSource, (tx) =>
        createReward(tx, { body, adminId: adminIdOf(auth), now: deps.clock.now() }),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/rewards',
    summary: 'Every rewards-catalogue item, on the shelf or ended, newest first (with its status and stock left)',
    tag: 'admin',
    auth: 'admin',
    response: AdminRewardListSchema,
    handle: ({ deps }) => listAdminRewards(deps.dataSource.manager),
  }),
  defineRoute({
    method: 'put',
    path: '/api/admin/rewards/:id',
    summary: 'Change a rewards-catalogue item (name, prices, stock left, per-member limit) or take it off the shelf',
    tag: 'admin',
    auth: 'admin',
    params: RewardParamsSchema,
    body: RewardUpdateSchema,
    response: AdminRewardSchema,
    handle: ({ deps, auth, params, body }) =>
      inTransaction(deps.dataSource, (tx) =>
        updateReward(tx, { rewardId: params.id, change: body, adminId: adminIdOf(auth), now: deps.clock.now() }),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/reward-exchanges',
    summary: 'Reward exchanges and pickups across the chain, newest first (by status or item)',
    tag: 'admin',
    auth: 'admin',
    query: AdminRewardExchangeQuerySchema,
    response: AdminRewardExchangeListSchema,
    handle: ({ deps, query }) => listAdminExchanges(deps.dataSource.manager, query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/rewards',
    summary: 'The rewards catalogue: items a member may exchange now',
    tag: 'me',
    auth: 'member',
    response: RewardListSchema,
    handle: ({ deps }) => listRewards(deps.dataSource.manager, deps.clock.now()),
  }),
  defineRoute({
    method: 'post',
    path: '/api/rewards/:id/exchange',
    summary:
      'Exchange points for a reward: 200 with a pickup code; an item with a cash part holds the points and answers 201 with the JSAPI payParams of its cash part (501 CASH_PART_PENDING when WeChat Pay is not configured)',
    tag: 'me',
    auth: 'member',
    idempotent: true,
    params: RewardParamsSchema,
    body: RewardExchangeRequestSchema,
    response: RewardExchangeAnswerSchema,
    async handle({ deps, auth, params, body, tx }) {
      const memberId = memberIdOf(auth);
      const outcome = await exchangeReward(tx!, deps, { memberId, rewardId: params.id, ...body });
      if (outcome.kind === 'exchanged') return outcome.answer;
      const { kind: _kind, ...details } = outcome;
      const notifyUrl = deps.config.WECHATPAY_NOTIFY_URL;
      if (deps.pay && notifyUrl) {
        const payment = await startCashPartPayment(tx!, deps.pay, {
          ...details,
          memberId,
          description: '通卡积分换礼（加钱购）',
          notifyUrl,
          now: deps.clock.now(),
        });
        return new StatusAnswer(201, payment);
      }
      // Without WeChat Pay the points stay held (committed with the key) until the hold times out.
      return new StatusAnswer(501, {
        error: {
          code: 'CASH_PART_PENDING',
          message: 'WeChat Pay is not configured here; the points are held until the hold times out.',
          details,
        },
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/me/reward-exchanges',
    summary: "The member's reward exchanges (my pickups), newest first",
    tag: 'me',
    auth: 'member',
    response: RewardExchangeListSchema,
    handle: ({ deps, auth }) => listMemberExchanges(deps.dataSource.manager, memberIdOf(auth)),
  }),
  defineRoute({
    method: 'post',
    path: '/api/stores/:storeId/pickups/verify',
    summary: 'Hand a reward over at this store, once (settles the points with the stores that issued them)',
    tag: 'store-staff',
    auth: 'staff',
    idempotent: true,
    params: StoreParamsSchema,
    body: PickupVerifyRequestSchema,
    response: RewardExchangeSchema,
    handle: ({ deps, auth, params, body, tx }) =>
      verifyPickup(tx!, deps, {
        storeId: params.storeId,
        staffMemberId: memberIdOf(auth),
        pickupCode: body.pickupCode,
      }),
  }),
];
