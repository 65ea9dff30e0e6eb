import type { RewardReport } from '@tongka/shared-types';
import {
  BreakageReportSchema,
  CouponReportSchema,
  DailyReportQuerySchema,
  DailyReportSchema,
  ReportPeriodQuerySchema,
  RewardReportSchema,
  SummaryReportSchema,
  TierReportSchema,
} from '@tongka/shared-types';
import type { Context } from 'koa';
import { z } from 'zod';
import { registerCheckoutHook } from '../../domain/checkout/checkout-hooks';
import { breakageReport } from '../../domain/reports/breakage-report';
import { couponReport } from '../../domain/reports/coupon-report';
import { dailyReport } from '../../domain/reports/daily-report';
import { toCsv } from '../../domain/reports/report-csv';
import { reportPeriod } from '../../domain/reports/report-period';
import { rewardReport } from '../../domain/reports/reward-report';
import { rollUpCheckoutSales, rollUpRefundSales } from '../../domain/reports/sales-rollup';
import { summaryReport } from '../../domain/reports/summary-report';
import { tierReport } from '../../domain/reports/tier-report';
import { assertStoreExists } from '../../domain/rules/rule-store';
import { localDate } from '../../domain/shared/chain-time';
import { RESPONDED } from '../mount-route';
import { type AnyRoute, defineRoute } from '../route';

registerCheckoutHook({ name: 'report-sales', afterCheckout: rollUpCheckoutSales, afterRefund: rollUpRefundSales });

export const SUMMARY_CSV_COLUMNS = [
  'storeId',
  'storeCode',
  'storeName',
  'pointsIssued',
  'pointsRedeemed',
  'pointsExpired',
  'liabilityPoints',
  'liabilityFen',
  'storedValueOutstandingFen',
  'activeMembers',
  'redemptionRate',
  'ownMemberSalesFen',
  'visitingMemberSalesFen',
] as const;
export const DAILY_CSV_COLUMNS = [
  'date',
  'pointsIssued',
  'pointsRedeemed',
  'pointsExpired',
  'liabilityPoints',
  'storedValueOutstandingFen',
  'activeMembers',
] as const;

export const COUPON_CSV_COLUMNS = [
  'templateId',
  'name',
  'type',
  'fundedBy',
  'issued',
  'claimed',
  'redeemed',
  'expired',
  'redemptionRate',
  'discountFen',
] as const;
export const REWARD_CSV_COLUMNS = [
  'rewardId',
  'name',
  'exchanges',
  'quantity',
  'pointsSpent',
  'cashFen',
  'fulfilledQuantity',
  'fulfilledByStore',
  'pendingQuantity',
] as const;

/** Reward rows for CSV: the per-store pickups in one cell, `storeId:quantity` joined by `;`. */
export function rewardCsvRows(report: RewardReport) {
  return report.items.map((item) => ({
    ...item,
    fulfilledByStore: item.fulfilled.map((f) => `${f.storeId}:${f.quantity}`).join(';'),
  }));
}

function sendCsv(ctx: Context, name: string, csv: string): typeof RESPONDED {
  ctx.status = 200;
  ctx.type = 'text/csv; charset=utf-8';
  ctx.set('Content-Disposition', `attachment; filename="${name}.csv"`);
  ctx.body = csv;
  return RESPONDED;
}

export const adminReportRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/admin/reports/summary',
    summary:
      'Per store and chain-wide: points issued/redeemed/expired, liability, stored value, active members (?format=csv)',
    tag: 'hq-reports',
    auth: 'adminRead',
    query: ReportPeriodQuerySchema,
    alsoProduces: 'text/csv',
    response: SummaryReportSchema,
    async handle({ deps, query, ctx }) {
      const report = await summaryReport(deps.dataSource.manager, reportPeriod(query.from, query.to));
      if (query.format !== 'csv') return report;
      const total = { storeId: 'TOTAL', storeCode: '', storeName: '', ...report.totals };
      const csv = toCsv([...SUMMARY_CSV_COLUMNS], [...report.stores, total]);
      return sendCsv(ctx, `summary-${report.from}-${report.to}`, csv);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/reports/daily',
    summary: 'One row per chain-time day: points issued/redeemed/expired, liability, active members (?format=csv)',
    tag: 'hq-reports',
    auth: 'adminRead',
    query: DailyReportQuerySchema,
    alsoProduces: 'text/csv',
    response: DailyReportSchema,
    async handle({ deps, query, ctx }) {
      const db = deps.dataSource.manager;
      const period = reportPeriod(query.from, query.to);
      if (query.storeId) await assertStoreExists(db, query.storeId);
      const report = await dailyReport(db, period, query.storeId);
      if (query.format !== 'csv') return report;
      return sendCsv(ctx, `daily-${report.from}-${report.to}`, toCsv([...DAILY_CSV_COLUMNS], report.items));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/reports/tiers',
    summary: 'Active members and the points they hold, per tier',
    tag: 'hq-reports',
    auth: 'adminRead',
    query: z.object({}).strict(),
    response: TierReportSchema,
    handle: ({ deps }) => tierReport(deps.dataSource.manager),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/reports/breakage',
    summary: 'Breakage (expired ÷ issued) over a period and the points expiring in the next 90 days',
    tag: 'hq-reports',
    auth: 'adminRead',
    query: ReportPeriodQuerySchema,
    response: BreakageReportSchema,
    handle: ({ deps, query }) => {
      const zone = deps.config.CHAIN_TIME_ZONE;
      const today = localDate(deps.clock.now(), zone);
      return breakageReport(deps.dataSource.manager, reportPeriod(query.from, query.to), today, zone);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/reports/coupons',
    summary:
      'Per coupon template: issued, claimed, redeemed, expired, redemption rate, discount given (fen), and per funder (?format=csv)',
    tag: 'hq-reports',
    auth: 'adminRead',
    query: ReportPeriodQuerySchema,
    alsoProduces: 'text/csv',
    response: CouponReportSchema,
    async handle({ deps, query, ctx }) {
      const period = reportPeriod(query.from, query.to);
      const zone = deps.config.CHAIN_TIME_ZONE;
      const report = await couponReport(deps.dataSource.manager, period, zone, deps.clock.now());
      if (query.format !== 'csv') return report;
      return sendCsv(ctx, `coupons-${report.from}-${report.to}`, toCsv([...COUPON_CSV_COLUMNS], report.items));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/reports/rewards',
    summary: 'Per reward: exchanges, points spent, cash part, pickups per store, still pending (?format=csv)',
    tag: 'hq-reports',
    auth: 'adminRead',
    query: ReportPeriodQuerySchema,
    alsoProduces: 'text/csv',
    response: RewardReportSchema,
    async handle({ deps, query, ctx }) {
      const period = reportPeriod(query.from, query.to);
      const report = await rewardReport(deps.dataSource.manager, period, deps.config.CHAIN_TIME_ZONE);
      if (query.format !== 'csv') return report;
      return sendCsv(ctx, `rewards-${report.from}-${report.to}`, toCsv([...REWARD_CSV_COLUMNS], rewardCsvRows(report)));
    },
  }),
];
