import {
  AcknowledgeAlertRequestSchema,
  RiskAlertListQuerySchema,
  RiskAlertListSchema,
  RiskAlertSchema,
} from '@tongka/shared-types';
import { z } from 'zod';
import { inTransaction } from '../../db/tx';
import { registerCheckoutHook } from '../../domain/checkout/checkout-hooks';
import { enforceClerkDailyCap } from '../../domain/risk/clerk-daily-cap';
import { acknowledgeAlert, listAlerts } from '../../domain/risk/risk-alerts';
import { detectRiskJob } from '../../jobs/detect-risk';
import { registerJob } from '../../jobs/registry';
import { type AnyRoute, defineRoute } from '../route';
import { adminIdOf } from './auth';

registerJob('detect-risk', detectRiskJob);
registerCheckoutHook({ name: 'clerk-daily-cap', afterRefund: enforceClerkDailyCap });

/** Risk alerts with their evidence, for HQ to review and acknowledge. */
export const adminRiskRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/admin/risk-alerts',
    summary: 'Risk alerts with their evidence, newest first (?status=open|acknowledged)',
    tag: 'hq-risk',
    auth: 'adminRead',
    query: RiskAlertListQuerySchema,
    response: RiskAlertListSchema,
    handle: ({ deps, query }) => listAlerts(deps.dataSource.manager, query),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/risk-alerts/:id/acknowledge',
    summary: 'Acknowledges an open alert with a note (audited)',
    tag: 'hq-risk',
    auth: 'admin',
    params: z.object({ id: z.string().min(1).max(40) }).strict(),
    body: AcknowledgeAlertRequestSchema,
    response: RiskAlertSchema,
    handle: ({ deps, params, body, auth }) =>
      inTransaction(deps.dataSource, (tx) =>
        acknowledgeAlert(tx, { id: params.id, adminId: adminIdOf(auth), note: body.note, now: deps.clock.now() }),
      ),
  }),
];
