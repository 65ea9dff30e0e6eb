import {
  MyReferralResponseSchema,
  ReferralCodeLookupResponseSchema,
  ReferralCodeParamsSchema,
  ReferralFunnelQuerySchema,
  ReferralFunnelSchema,
  ReferralLeaderboardSchema,
  ReferralReviewDecisionResponseSchema,
  ReferralReviewDecisionSchema,
  ReferralReviewListQuerySchema,
  ReferralReviewListSchema,
  ReferralReviewParamsSchema,
  ReferralRuleResponseSchema,
  ReferralRuleSchema,
} from '@tongka/shared-types';
import { z } from 'zod';
import { inTransaction } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { getMyReferral, lookUpReferralCode } from '../../domain/referral/get-my-referral';
import { getReferralPoster } from '../../domain/referral/get-referral-poster';
import { funnelCsv, referralFunnel } from '../../domain/referral/referral-funnel';
import { putReferralRule, readReferralRule } from '../../domain/referral/referral-rule';
import { decideReferralReview, listReferralReviews } from '../../domain/referral/review-referrals';
import { storeReferralLeaderboard } from '../../domain/referral/store-leaderboard';
import '../../domain/referral/register-referral';
import { RESPONDED } from '../mount-route';
import { type AnyRoute, defineRoute } from '../route';
import { adminIdOf, memberIdOf } from './auth';

const StoreParams = z.object({ storeId: z.string().min(1).max(40) }).strict();

function decide(decision: 'approved' | 'rejected') {
  return defineRoute({
    method: 'post',
    path: `/api/admin/referrals/review/:id/${decision === 'approved' ? 'approve' : 'reject'}`,
    summary: `${decision === 'approved' ? 'Approve' : 'Reject'} a referral review: held rebates ${
      decision === 'approved' ? 'go back to pending' : 'are cancelled'
    } (audited)`,
    tag: 'hq-referral',
    auth: 'admin',
    params: ReferralReviewParamsSchema,
    body: ReferralReviewDecisionSchema,
    response: ReferralReviewDecisionResponseSchema,
    handle: ({ deps, auth, params, body }) =>
      inTransaction(deps.dataSource, (tx) =>
        decideReferralReview(tx, {
          reviewId: params.id,
          decision,
          adminId: adminIdOf(auth),
          note: body.note,
          at: deps.clock.now(),
        }),
      ),
  });
}

async function funnel(deps: AppDeps, from: string, to: string) {
  return referralFunnel(deps.dataSource.manager, { from, to, timeZone: deps.config.CHAIN_TIME_ZONE });
}

export const referralRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/me/referral',
    summary: 'The invite page: code, share path, invitees (masked), pending and confirmed rebates',
    tag: 'member',
    auth: 'member',
    response: MyReferralResponseSchema,
    handle: ({ deps, auth }) => getMyReferral(deps.dataSource.manager, memberIdOf(auth)),
  }),
  defineRoute({
    method: 'get',
    path: '/api/me/referral/poster',
    summary: "The member's mini-program code (wxacode.getUnlimited, scene r=CODE), fetched once and cached",
    tag: 'member',
    auth: 'member',
    produces: 'image/jpeg',
    async handle({ deps, auth, ctx }) {
      const poster = await getReferralPoster(deps, memberIdOf(auth));
      ctx.status = 200;
      ctx.type = poster.contentType;
      ctx.set('Cache-Control', 'private, max-age=86400');
      ctx.body = poster.image;
      return RESPONDED;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/referral/codes/:code',
    summary: 'Whether a referral code belongs to a member (the landing page checks a share link before keeping it)',
    tag: 'member',
    auth: 'none',
    params: ReferralCodeParamsSchema,
    response: ReferralCodeLookupResponseSchema,
    handle: ({ deps, params }) => lookUpReferralCode(deps.dataSource.manager, params.code),
  }),
  defineRoute({
    method: 'put',
    path: '/api/admin/referral-rule',
    summary: 'Set the referral rule (a new version, audited)',
    tag: 'hq-rules',
    auth: 'admin',
    body: ReferralRuleSchema,
    response: ReferralRuleResponseSchema,
    handle: ({ deps, auth, body }) =>
      inTransaction(deps.dataSource, (tx) =>
        putReferralRule(tx, { rule: body, adminId: adminIdOf(auth), at: deps.clock.now() }),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/referral-rule',
    summary: 'The referral rule in force',
    tag: 'hq-rules',
    auth: 'admin',
    response: ReferralRuleResponseSchema,
    handle: ({ deps }) => readReferralRule(deps.dataSource.manager),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/referrals/review',
    summary: 'Referrers whose rebates are held for review (sign-up velocity, shared device), with what is held',
    tag: 'hq-referral',
    auth: 'admin',
    query: ReferralReviewListQuerySchema,
    response: ReferralReviewListSchema,
    handle: async ({ deps, query }) => ({ items: await listReferralReviews(deps.dataSource.manager, query.status) }),
  }),
  decide('approved'),
  decide('rejected'),
  defineRoute({
    method: 'get',
    path: '/api/stores/:storeId/referral/leaderboard',
    summary: "The store's clerks as sharers: sign-ups, first purchases, rewards (manager)",
    tag: 'store',
    auth: 'manager',
    params: StoreParams,
    response: ReferralLeaderboardSchema,
    handle: ({ deps, params }) => storeReferralLeaderboard(deps.dataSource.manager, params.storeId),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/reports/referral-funnel',
    summary: 'Referral funnel per referrer and per store over chain-time days [from, to] (?format=csv)',
    alsoProduces: 'text/csv',
    tag: 'hq-reports',
    auth: 'adminRead',
    query: ReferralFunnelQuerySchema,
    response: ReferralFunnelSchema,
    async handle({ deps, query, ctx }) {
      const result = await funnel(deps, query.from, query.to);
      if (query.format !== 'csv') return result;
      ctx.status = 200;
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('Content-Disposition', `attachment; filename="referral-funnel-${query.from}-${query.to}.csv"`);
      ctx.body = funnelCsv(result);
      return RESPONDED;
    },
  }),
];
