import {
  CouponCenterSchema,
  CouponClaimRequestSchema,
  CouponGiftRequestSchema,
  CouponGiftResponseSchema,
  CouponIdParamsSchema,
  CouponIssueRequestSchema,
  CouponIssueSchema,
  CouponRedeemRequestSchema,
  CouponTemplateListSchema,
  CouponTemplateRequestSchema,
  CouponTemplateSchema,
  CouponTemplateUpdateSchema,
  MemberCouponListSchema,
  MemberCouponQuerySchema,
  MemberCouponSchema,
  StoreParamsSchema,
  TemplateParamsSchema,
} from '@tongka/shared-types';
import { z } from 'zod';
import { inTransaction } from '../../db/tx';
import { claimCoupon } from '../../domain/coupons/claim-coupon';
import { giftCoupon } from '../../domain/coupons/gift-coupon';
import { readCouponIssue, startCouponIssue } from '../../domain/coupons/issue-coupons';
import {
  createCouponTemplate,
  listCouponTemplates,
  updateCouponTemplate,
} from '../../domain/coupons/manage-coupon-templates';
import { couponCenter, getMemberCoupon, listMemberCoupons } from '../../domain/coupons/member-coupons';
import { redeemGiftCoupon } from '../../domain/coupons/redeem-gift-coupon';
import { driveCouponIssues } from '../../domain/coupons/register-coupons';
import { type AnyRoute, defineRoute } from '../route';
import { adminIdOf, memberIdOf } from './auth';

/** The rate-limit policy the claim route is to run under (shared with the rate-limit module). */
export const COUPON_CLAIM_RATE_LIMIT_POLICY = 'coupon-claim';

export const couponRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/admin/coupon-templates',
    summary: 'Create a coupon template (amount-off, percent-off or gift; validity, scope, stock, limits, funder)',
    tag: 'admin',
    auth: 'admin',
    status: 201,
    body: CouponTemplateRequestSchema,
    response: CouponTemplateSchema,
    handle: ({ deps, auth, body }) =>
      inTransaction(deps.dataSource, (tx) =>
        createCouponTemplate(tx, { body, adminId: adminIdOf(auth), now: deps.clock.now() }),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/coupon-templates',
    summary: 'Coupon templates, newest first',
    tag: 'admin',
    auth: 'admin',
    response: CouponTemplateListSchema,
    handle: ({ deps }) => listCouponTemplates(deps.dataSource.manager),
  }),
  defineRoute({
    method: 'put',
    path: '/api/admin/coupon-templates/:id',
    summary: 'Pause, resume or end a coupon template, or change its stock (never below what was given out)',
    tag: 'admin',
    auth: 'admin',
    params: TemplateParamsSchema,
    body: CouponTemplateUpdateSchema,
    response: CouponTemplateSchema,
    handle: ({ deps, auth, params, body }) =>
      inTransaction(deps.dataSource, (tx) =>
        updateCouponTemplate(tx, { templateId: params.id, ...body, adminId: adminIdOf(auth), now: deps.clock.now() }),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/coupon-templates/:id/issue',
    summary:
      'Issue a template to member ids, a tier or all members: a resumable job in batches (progress: GET the issue)',
    tag: 'admin',
    auth: 'admin',
    status: 202,
    params: TemplateParamsSchema,
    body: CouponIssueRequestSchema,
    response: CouponIssueSchema,
    async handle({ deps, auth, params, body }) {
      const issue = await inTransaction(deps.dataSource, (tx) =>
        startCouponIssue(tx, { templateId: params.id, target: body, adminId: adminIdOf(auth), now: deps.clock.now() }),
      );
      driveCouponIssues(deps);
      return issue;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/coupon-issues/:id',
    summary: "A batch issue's progress: members handled of the total, coupons issued, whether the stock stopped it",
    tag: 'admin',
    auth: 'admin',
    params: z.object({ id: z.string().min(1).max(40) }).strict(),
    response: CouponIssueSchema,
    handle: ({ deps, params }) => readCouponIssue(deps.dataSource.manager, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/me/coupons',
    summary: "The member's coupons by status (available / used / expired)",
    tag: 'me',
    auth: 'member',
    query: MemberCouponQuerySchema,
    response: MemberCouponListSchema,
    handle: ({ deps, auth, query }) =>
      listMemberCoupons(deps.dataSource.manager, { memberId: memberIdOf(auth), ...query, now: deps.clock.now() }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/me/coupons/:id',
    summary: 'One of the member’s coupons, with the code the clerk scans',
    tag: 'me',
    auth: 'member',
    params: CouponIdParamsSchema,
    response: MemberCouponSchema,
    handle: ({ deps, auth, params }) =>
      getMemberCoupon(deps.dataSource.manager, memberIdOf(auth), params.id, deps.clock.now()),
  }),
  defineRoute({
    method: 'post',
    path: '/api/me/coupons/:id/gift',
    summary:
      'Give one of the member’s available coupons to a friend by their referral code (once per coupon; the template must be giftable). The coupon gets a new code; a use at the till and a gift race with exactly one winner. 409 COUPON_NOT_GIFTABLE (details.rule), COUPON_LIMIT_REACHED (the friend holds the limit)',
    tag: 'me',
    auth: 'member',
    idempotent: true,
    params: CouponIdParamsSchema,
    body: CouponGiftRequestSchema,
    response: CouponGiftResponseSchema,
    handle: ({ deps, auth, params, body, tx }) =>
      giftCoupon(tx ?? deps.dataSource.manager, {
        senderId: memberIdOf(auth),
        couponId: params.id,
        recipientCode: body.recipientCode,
        now: deps.clock.now(),
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/coupons/center',
    summary: 'The coupon centre: templates the member may claim now',
    tag: 'me',
    auth: 'member',
    response: CouponCenterSchema,
    handle: ({ deps, auth }) => couponCenter(deps.dataSource.manager, memberIdOf(auth), deps.clock.now()),
  }),
  defineRoute({
    method: 'post',
    path: '/api/coupons/claim',
    summary: 'Claim a coupon in the coupon centre (stock and per-member limit hold under concurrency)',
    tag: 'me',
    auth: 'member',
    idempotent: true,
    body: CouponClaimRequestSchema,
    response: MemberCouponSchema,
    rateLimit: ({ auth }) => [[COUPON_CLAIM_RATE_LIMIT_POLICY, memberIdOf(auth)]],
    handle: ({ deps, auth, body, tx }) =>
      claimCoupon(tx!, deps, { memberId: memberIdOf(auth), templateId: body.templateId }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/stores/:storeId/coupons/redeem',
    summary: 'Redeem a gift coupon without a purchase',
    tag: 'store-staff',
    auth: 'staff',
    idempotent: true,
    params: StoreParamsSchema,
    body: CouponRedeemRequestSchema,
    response: MemberCouponSchema,
    handle: ({ deps, params, body, tx }) =>
      redeemGiftCoupon(tx!, deps, { storeId: params.storeId, couponCode: body.couponCode }),
  }),
];
