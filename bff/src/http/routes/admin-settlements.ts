import { Readable } from 'node:stream';
import { SettlementQuerySchema, SettlementResponseSchema } from '@tongka/shared-types';
import { reportPeriod } from '../../domain/reports/report-period';
import {
  settlementCsvLines,
  settlementJsonChunks,
  streamSettlement,
} from '../../domain/settlement/settlement-statement';
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
      // Both forms stream: the pairs go from the database to the client one at a time.
      const rows = await primed(streamSettlement(deps.dataSource.manager, from, reportPeriod(from, to).to));
      ctx.status = 200;
      if (query.format === 'csv') {
        ctx.type = 'text/csv; charset=utf-8';
        ctx.set('Content-Disposition', `attachment; filename="settlement-${from}-${to}.csv"`);
        ctx.body = Readable.from(settlementCsvLines(rows));
      } else {
        ctx.type = 'application/json; charset=utf-8';
        ctx.body = Readable.from(settlementJsonChunks({ from, to }, rows));
      }
      return RESPONDED;
    },
  }),
];

/**
 * Waits for the first row before the answer starts, so a failing read still answers with an error
 * status; later rows follow as they come.
 */
async function primed<T>(rows: AsyncGenerator<T>): Promise<AsyncGenerator<T>> {
  const first = await rows.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* rows;
  })();
}
