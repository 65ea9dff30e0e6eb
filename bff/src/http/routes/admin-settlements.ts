import { SettlementQuerySchema, SettlementResponseSchema } from '@tongka/shared-types';
import { reportPeriod } from '../../domain/reports/report-period';
import { settlementCsv, settlementStatementForDays } from '../../domain/settlement/settlement-statement';
import { localDate } from '../../domain/shared/chain-time';
import { RESPONDED } from '../mount-route';
import { type AnyRoute, defineRoute } from '../route';

export const adminSettlementRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/admin/settlements',
    summary: 'Inter-store settlement per store pair over chain-time days [from, to] (?format=csv for finance)',
    alsoProduces: 'text/csv',
    tag: 'hq-settlement',
    auth: 'adminRead',
    query: SettlementQuerySchema,
    response: SettlementResponseSchema,
    async handle({ deps, query, ctx }) {
      const zone = deps.config.CHAIN_TIME_ZONE;
      const today = localDate(deps.clock.now(), zone);
      const from = query.from ?? `${today.slice(0, 8)}01`;
      const to = query.to ?? today;
      const items = await settlementStatementForDays(deps.dataSource.manager, from, reportPeriod(from, to).to);
      if (query.format !== 'csv') return { from, to, items };
      ctx.status = 200;
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('Content-Disposition', `attachment; filename="settlement-${from}-${to}.csv"`);
      ctx.body = settlementCsv(items);
      return RESPONDED;
    },
  }),
];
