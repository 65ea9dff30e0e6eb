import type { Command } from 'commander';
import { registerCheckoutBench } from '../bench/checkout-command';
import { registerCouponsBench } from '../bench/coupons-bench';
import { runImportBench } from '../bench/import';
import { runLedgerBench } from '../bench/ledger-bench';
import { runReportsBench } from '../bench/reports-bench';
import { runAllBenches } from '../bench/run-all';
import { runScaleBench } from '../bench/scale-bench';

/**
 * `npm run bench -- <name>`: benchmarks that write JSON under bench/results/. Each benchmark is
 * a subcommand; other modules add theirs to the `bench` command this returns. `npm run bench`
 * alone runs every benchmark at a small size and writes one JSON and a markdown table.
 */
export function registerBenchCommand(program: Command): Command {
  const bench = program
    .command('bench')
    .description('run every benchmark at a small size (or one, by name) and write JSON under bench/results/')
    .option('--out <dir>', 'where to write the JSON and the table', 'bench/results')
    .action(async (opts: { out: string }) => {
      const { files, table } = await runAllBenches({
        outDir: opts.out,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      process.stdout.write(`${table}\nwritten to ${files.join(' and ')}\n`);
      process.exit(0);
    });
  bench
    .command('ledger')
    .description('ledger transfers/s vs raw mysql2 (uniform and one hot member), and the time to expire many lots')
    .option('--transfers <n>', 'transfers per measured round', '2000')
    .option('--concurrency <n>', 'concurrent transfers', '16')
    .option('--members <n>', 'members in the uniform distribution', '1000')
    .option('--expire-lots <n>', 'lots to expire (use 100000 on a slow machine)', '1000000')
    .option('--pool-size <n>', 'database connections per side', '20')
    .option('--out <dir>', 'where to write the JSON', 'bench/results')
    .action(async (opts: Record<string, string>) => {
      const { file, result } = await runLedgerBench({
        transfers: Number(opts.transfers),
        concurrency: Number(opts.concurrency),
        members: Number(opts.members),
        expireLots: Number(opts.expireLots),
        poolSize: Number(opts.poolSize),
        outDir: opts.out,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      printTable(result as LedgerBenchSummary);
      process.stdout.write(`written to ${file}\n`);
      process.exit(0);
    });
  registerCheckoutBench(bench);
  registerCouponsBench(bench);
  bench
    .command('scale')
    .description(
      'a chain seeded through the use cases and cloned to 15 k, 100 k and --transfers ledger transfers: member reads, scan, checkout, day view, settlement, expiry, audit',
    )
    .option('--transfers <n>', 'ledger transfers of the largest chain', '1000000')
    .option('--stores <n>', 'stores of the template chain', '12')
    .option('--members-per-store <n>', 'members imported per store into the template', '15')
    .option('--sizes <list>', 'comma-separated chain sizes in transfers (default: 15000,100000,--transfers)')
    .option('--db-settings', 'at the last size, compare MariaDB settings (SET GLOBAL, restored afterwards)')
    .option('--skip-expiry', 'leave the expiry measurement out')
    .option('--keep', 'keep the database afterwards')
    .option('--out <dir>', 'where to write the JSON and the table', 'bench/results')
    .action(async (opts: Record<string, string>) => {
      const { file, table } = await runScaleBench({
        transfers: Number(opts.transfers),
        stores: Number(opts.stores),
        membersPerStore: Number(opts.membersPerStore),
        keep: Boolean(opts.keep),
        sizes: opts.sizes ? opts.sizes.split(',').map(Number) : undefined,
        dbSettings: Boolean(opts.dbSettings),
        skipExpiry: Boolean(opts.skipExpiry),
        outDir: opts.out,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      process.stdout.write(`${table}\nwritten to ${file} (and .md)\n`);
      process.exit(0);
    });
  bench
    .command('import')
    .description('legacy-member import of N generated rows into a throwaway database (target: 100,000 in < 30 s)')
    .option('--rows <n>', 'rows in the generated file', '100000')
    .option('--parallelism <n>', 'batches at once', '4')
    .action(async (opts: Record<string, string>) => {
      const result = await runImportBench({ rows: Number(opts.rows), parallelism: Number(opts.parallelism) });
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      process.exit(0);
    });
  bench
    .command('reports')
    .description('HQ summary, daily series and settlement over N ledger transfers (target: 1,000,000 in < 2 s each)')
    .option('--transfers <n>', 'ledger transfers to seed', '1000000')
    .option('--stores <n>', 'stores', '20')
    .option('--members <n>', 'members', '50000')
    .option('--days <n>', 'days the transfers spread over (the report period)', '90')
    .option('--runs <n>', 'runs of each report', '5')
    .option('--out <dir>', 'where to write the JSON', 'bench/results')
    .option('--keep-db', 'keep the seeded database (to EXPLAIN the report queries)')
    .action(async (opts: Record<string, string>) => {
      const { file, result } = await runReportsBench({
        keepDb: Boolean(opts.keepDb),
        transfers: Number(opts.transfers),
        stores: Number(opts.stores),
        members: Number(opts.members),
        days: Number(opts.days),
        runs: Number(opts.runs),
        outDir: opts.out,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      process.stdout.write(
        `${JSON.stringify((result as { timingsMs: unknown }).timingsMs, null, 2)}\nwritten to ${file}\n`,
      );
      process.exit(0);
    });
  return bench;
}

interface LedgerBenchSummary {
  throughput: Record<string, { ledgerMedian: number; rawMedian: number; ratioLedgerToRaw: number }>;
  expiry: { lots: number; expireSeconds: number; lotsPerSecond: number };
}

function printTable(result: LedgerBenchSummary): void {
  const rows = Object.entries(result.throughput).map(
    ([distribution, t]) =>
      `${distribution.padEnd(16)} ${String(t.ledgerMedian).padStart(8)} ${String(t.rawMedian).padStart(8)} ${t.ratioLedgerToRaw.toFixed(2).padStart(7)}`,
  );
  process.stdout.write(
    [
      `${'distribution'.padEnd(16)} ${'ledger/s'.padStart(8)} ${'raw/s'.padStart(8)} ${'ratio'.padStart(7)}`,
      ...rows,
      `expired ${result.expiry.lots} lots in ${result.expiry.expireSeconds} s (${result.expiry.lotsPerSecond} lots/s)`,
    ].join('\n') + '\n',
  );
}

export type { Command };
