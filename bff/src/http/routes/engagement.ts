import {
  BirthdayRequestSchema,
  BirthdayResponseSchema,
  CheckInMonthQuerySchema,
  CheckInMonthResponseSchema,
  CheckInRequestSchema,
  CheckInResponseSchema,
  CheckInRuleResponseSchema,
  CheckInRuleSchema,
  MemberGiftRuleResponseSchema,
  MemberGiftRuleSchema,
  PointsGiftOptionsResponseSchema,
  PointsGiftRequestSchema,
  PointsGiftResponseSchema,
  PointsGiftRuleResponseSchema,
  PointsGiftRuleSchema,
} from '@tongka/shared-types';
import { inTransaction } from '../../db/tx';
import { getBirthday, setBirthday } from '../../domain/engagement/birthday';
import { checkIn } from '../../domain/engagement/check-in';
import { checkInMonth } from '../../domain/engagement/check-in-month';
import { giftOptions, giftPointsToMember } from '../../domain/engagement/gift-points';
import { assertGiftCouponTemplates } from '../../domain/engagement/member-gifts';
import { HQ_SCOPE } from '../../domain/rules/rule-store';
import { ulid } from '../../domain/shared/ulid';
import { type AnyRoute, defineRoute } from '../route';
import { hqRuleRoutes, saveRule } from './admin-rules';
import { memberIdOf } from './auth';

export const engagementRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/me/check-in',
    summary: 'Daily check-in: once per chain-local day, HQ-funded points with streak bonuses; 409 ALREADY_CHECKED_IN',
    tag: 'engagement',
    auth: 'member',
    idempotent: true,
    body: CheckInRequestSchema,
    response: CheckInResponseSchema,
    handle: ({ auth, deps, tx }) =>
      checkIn(tx ?? deps.dataSource.manager, {
        memberId: memberIdOf(auth),
        now: deps.clock.now(),
        timeZone: deps.config.CHAIN_TIME_ZONE,
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/me/check-ins',
    summary: "The member's check-ins of a month (YYYY-MM, default this month) for the calendar, and today's state",
    tag: 'engagement',
    auth: 'member',
    query: CheckInMonthQuerySchema,
    response: CheckInMonthResponseSchema,
    handle: ({ auth, deps, query }) =>
      checkInMonth(deps.dataSource.manager, {
        memberId: memberIdOf(auth),
        month: query.month,
        now: deps.clock.now(),
        timeZone: deps.config.CHAIN_TIME_ZONE,
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/me/points/gift-options',
    summary: "The gift page's limits: per gift, what is left today, the member's spendable points",
    tag: 'engagement',
    auth: 'member',
    response: PointsGiftOptionsResponseSchema,
    handle: ({ auth, deps }) =>
      giftOptions(deps.dataSource.manager, {
        memberId: memberIdOf(auth),
        now: deps.clock.now(),
        timeZone: deps.config.CHAIN_TIME_ZONE,
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/me/points/gift',
    summary:
      "Gives spendable points to another member by their referral code, within HQ's per-gift and daily limits; the lots keep their issuing store and expiry",
    tag: 'engagement',
    auth: 'member',
    idempotent: true,
    status: 201,
    body: PointsGiftRequestSchema,
    response: PointsGiftResponseSchema,
    handle: ({ auth, deps, tx, body }) =>
      giftPointsToMember(tx ?? deps.dataSource.manager, {
        senderId: memberIdOf(auth),
        recipientCode: body.recipientCode,
        points: body.points,
        operationId: ulid(),
        now: deps.clock.now(),
        timeZone: deps.config.CHAIN_TIME_ZONE,
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/me/birthday',
    summary: "The member's birthday (null until set) and whether it is locked",
    tag: 'engagement',
    auth: 'member',
    response: BirthdayResponseSchema,
    handle: ({ auth, deps }) => getBirthday(deps.dataSource.manager, memberIdOf(auth)),
  }),
  defineRoute({
    method: 'put',
    path: '/api/me/birthday',
    summary: "Sets the birthday once (then locked: 409 BIRTHDAY_ALREADY_SET); the birthday gift follows HQ's rule",
    tag: 'engagement',
    auth: 'member',
    body: BirthdayRequestSchema,
    response: BirthdayResponseSchema,
    handle: ({ auth, deps, body }) =>
      inTransaction(deps.dataSource, (tx) =>
        setBirthday(tx, { memberId: memberIdOf(auth), birthday: body.birthday, now: deps.clock.now() }),
      ),
  }),
  defineRoute({
    method: 'put',
    path: '/api/admin/member-gift-rule',
    summary:
      'Set the HQ member-gift rule (a new version): birthday, sign-up and tier points, birthday and sign-up coupons; 404 COUPON_TEMPLATE_NOT_FOUND',
    tag: 'hq-rules',
    auth: 'admin',
    body: MemberGiftRuleSchema,
    response: MemberGiftRuleResponseSchema,
    async handle({ body, deps, auth }) {
      await assertGiftCouponTemplates(deps.dataSource.manager, body);
      return saveRule(deps, auth, 'member-gift', HQ_SCOPE, body);
    },
  }),
  ...hqRuleRoutes(
    'member-gift',
    '/api/admin/member-gift-rule',
    MemberGiftRuleSchema,
    MemberGiftRuleResponseSchema,
  ).filter((route) => route.method === 'get'),
  ...hqRuleRoutes('checkin', '/api/admin/check-in-rule', CheckInRuleSchema, CheckInRuleResponseSchema),
  ...hqRuleRoutes('points-gift', '/api/admin/points-gift-rule', PointsGiftRuleSchema, PointsGiftRuleResponseSchema),
];
