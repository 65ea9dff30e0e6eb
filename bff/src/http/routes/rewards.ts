import {
  PickupVerifyRequestSchema,
  RewardExchangeListSchema,
  RewardExchangeRequestSchema,
  RewardExchangeResponseSchema,
  RewardExchangeSchema,
  RewardListSchema,
  RewardParamsSchema,
  RewardRequestSchema,
  RewardSchema,
  StoreParamsSchema,
} from '@tongka/shared-types';
import { inTransaction } from '../../db/tx';
import '../../domain/rewards/register-rewards';
import { exchangeReward } from '../../domain/rewards/exchange-reward';
import { createReward, listMemberExchanges, listRewards } from '../../domain/rewards/manage-rewards';
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
      'Exchange points for a reward: a pickup code (an item with a cash part holds the points and answers 501 CASH_PART_PENDING)',
    tag: 'me',
    auth: 'member',
    idempotent: true,
    params: RewardParamsSchema,
    body: RewardExchangeRequestSchema,
    response: RewardExchangeResponseSchema,
    async handle({ deps, auth, params, body, tx }) {
      const outcome = await exchangeReward(tx!, deps, { memberId: memberIdOf(auth), rewardId: params.id, ...body });
      if (outcome.kind === 'exchanged') return outcome.answer;
      // The points stay held (committed with the key) until the cash part is paid or the hold times out.
      const { kind: _kind, ...details } = outcome;
      return new StatusAnswer(501, {
        error: {
          code: 'CASH_PART_PENDING',
          message:
            'Paying the cash part of a reward is not available yet; the points are held until the hold times out.',
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
