import { readFileSync, writeFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { createDataSource } from '../../../bff/src/db/data-source';
import { type ImportSummary, importMembersCsv } from '../../../bff/src/domain/import/import-members';
import { csvField, MEMBER_CSV_HEADER } from '../../../bff/src/domain/import/parse-member-csv';
import { setRollupTimeZone } from '../../../bff/src/domain/ledger/report-rollups';
import { DataCrypto } from '../../../bff/src/domain/shared/data-crypto';
import { loadCliConfigOrExit } from '../../../config';

const HELP = `
File format (UTF-8 CSV, first line is the header):
  ${MEMBER_CSV_HEADER.join(',')}
  phone           mainland mobile; +86 / 0086 / spaces / dashes are stripped
  name            optional
  points          opening points, non-negative integer (empty = 0)
  storedValueFen  opening stored value in fen, non-negative integer (empty = 0)
  registeredAt    ISO date (optional), kept as the member's creation time
  tier            basic | silver | gold | diamond (empty = basic)

A phone that appears again later in the file is rejected as a duplicate (not summed).
A phone already held by a member is imported into that member. Balances are posted as IMPORT
transfers from the store's accounts with idempotency keys, so running the same file twice changes
nothing. Rejected rows go to the report CSV (line,phone,reason).`;

export function registerImportMembersCommand(program: Command): void {
  program
    .command('import-members')
    .description("import legacy members from a store's POS export (CSV)")
    .argument('<file>', 'CSV file')
    .requiredOption('--store <code>', 'code of the store the members and balances come from')
    .option('--dry-run', 'check and count everything, then roll back')
    .option('--report <path>', 'write rejected rows here (default: <file>.rejected.csv)')
    .addHelpText('after', HELP)
    .action(async (file: string, options: { store: string; dryRun?: boolean; report?: string }) => {
      const config = loadCliConfigOrExit(process.env);
      setRollupTimeZone(config.CHAIN_TIME_ZONE); // report rollups count days in the chain's zone
      const dataSource = createDataSource(config.DATABASE_URL, { poolSize: 6 });
      await dataSource.initialize();
      const bar = new SingleBar({ format: 'import [{bar}] {value}/{total} rows | {eta}s left' });
      try {
        bar.start(1, 0);
        const summary = await importMembersCsv(
          dataSource,
          new DataCrypto(config.DATA_KEY),
          readFileSync(file, 'utf8'),
          {
            storeCode: options.store,
            dryRun: options.dryRun,
            now: new Date(),
            onProgress: (done, total) => {
              bar.setTotal(total);
              bar.update(done);
            },
          },
        );
        bar.stop();
        const reportPath = options.report ?? `${file}.rejected.csv`;
        writeFileSync(reportPath, rejectedReport(summary));
        process.stdout.write(`${describe(summary)}\nreport: ${reportPath}\n`);
      } finally {
        bar.stop();
        await dataSource.destroy();
      }
    });
}

export function rejectedReport(summary: ImportSummary): string {
  const lines = summary.rejected.map((row) => [row.line, row.phone, row.reason].map(csvField).join(','));
  return ['line,phone,reason', ...lines].join('\n') + '\n';
}

function describe(summary: ImportSummary): string {
  return [
    summary.dryRun ? 'dry run (nothing written):' : 'imported:',
    `${summary.rows} rows, ${summary.created} new members, ${summary.existing} existing members,`,
    `${summary.pointsPosted} points and ${summary.storedValueFenPosted} fen posted, ${summary.rejected.length} rejected`,
  ].join(' ');
}
