import { lazy } from 'react';
import type { Features } from './app-context';

/** The console's pages, each its own chunk (React.lazy), with the feature it waits for. */
export interface PageRoute {
  path: string;
  title: string;
  component: ReturnType<typeof lazy>;
  feature?: keyof Features;
  /** A read the page needs: for a read-only role the page shows only when this answers. */
  probe?: string;
  /** Nothing to read without writing (the import): never shown to a read-only role. */
  writeOnly?: boolean;
}

export const BASE = '/hq';

export const pages: PageRoute[] = [
  { path: '/', title: '数据概览', component: lazy(() => import('./pages/dashboard')) },
  {
    path: '/stores',
    title: '门店与店员',
    component: lazy(() => import('./pages/stores')),
    probe: '/api/admin/stores?limit=1',
  },
  { path: '/rules', title: '积分规则', component: lazy(() => import('./pages/rules')), probe: '/api/admin/earn-rule' },
  {
    path: '/members',
    title: '会员',
    component: lazy(() => import('./pages/members')),
    probe: '/api/admin/members?limit=1',
  },
  {
    path: '/settlement',
    title: '门店结算',
    component: lazy(() => import('./pages/settlement')),
    probe: '/api/admin/settlements',
  },
  {
    path: '/audit',
    title: '操作日志',
    component: lazy(() => import('./pages/audit')),
    probe: '/api/admin/audit-log?limit=1',
  },
  {
    path: '/coupons',
    title: '优惠券',
    component: lazy(() => import('./pages/coupons')),
    probe: '/api/admin/coupon-templates',
  },
  {
    path: '/rewards',
    title: '积分商城',
    component: lazy(() => import('./pages/rewards')),
    probe: '/api/admin/rewards',
  },
  {
    path: '/referral',
    title: '推荐有礼',
    component: lazy(() => import('./pages/referral')),
    probe: '/api/admin/reports/referral-funnel?from=2000-01-01&to=2000-01-01',
  },
  { path: '/topup', title: '储值', component: lazy(() => import('./pages/topup')), probe: '/api/admin/topup-rule' },
  {
    path: '/engagement',
    title: '会员活动',
    component: lazy(() => import('./pages/engagement')),
    probe: '/api/admin/check-in-rule',
  },
  { path: '/pos', title: 'POS 接入', component: lazy(() => import('./pages/pos')), probe: '/api/admin/webhooks' },
  { path: '/jobs', title: '定时任务', component: lazy(() => import('./pages/jobs')) },
  { path: '/import', title: '历史会员导入', component: lazy(() => import('./pages/import')), writeOnly: true },
  {
    path: '/approvals',
    title: '调整审批',
    component: lazy(() => import('./pages/approvals')),
    feature: 'approvals',
  },
  {
    path: '/risk-alerts',
    title: '风险预警',
    component: lazy(() => import('./pages/risk-alerts')),
    feature: 'riskAlerts',
  },
];

/** The console path ('/members') of the browser's location. */
export function currentPath(): string {
  const path = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : '/';
  return path === '' ? '/' : path.replace(/\/$/, '') || '/';
}
