import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { createDataSource } from '../../../bff/src/db/data-source';
import { backfillReportRollups } from '../../../bff/src/domain/reports/backfill-report-rollups';
import { localDate } from '../../../bff/src/domain/shared/chain-time';
import { loadCliConfigOrExit } from '../../../config';

/**
 * `backfill-reports --from --to`: rebuilds the report rollups (report_daily_*, members' active
 * days) of closed chain-time days from the ledger, checkouts and settlement lines; for data written
 * before the rollups existed. Idempotent: a second run writes the same rows.
 */
export function registerBackfillReportsCommand(program: Command): void {
  program
    .command('backfill-reports')
    .description('rebuild the HQ report rollups of past days from the ledger (idempotent; days before today only)')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD (chain time)')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (chain time), before today')
    .action(async (options: { from: string; to: string }) => {
      const config = loadCliConfigOrExit(process.env);
      const dataSource = createDataSource(config.DATABASE_URL, { poolSize: 2 });
      await dataSource.initialize();
      const bar = new SingleBar({ format: 'backfill-reports [{bar}] {value}/{total} steps', hideCursor: true });
      try {
        const zone = config.CHAIN_TIME_ZONE;
        process.stderr.write(`rebuilding report rollups ${options.from} … ${options.to} (${zone})\n`);
        bar.start(2, 0);
        const result = await backfillReportRollups(dataSource, {
          from: options.from,
          to: options.to,
          today: localDate(new Date(), zone),
          timeZone: zone,
          onProgress: (done) => bar.update(done),
        });
        bar.stop();
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } finally {
        bar.stop();
        await dataSource.destroy();
      }
    });
}
