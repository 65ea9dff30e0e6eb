import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { select } from '../../../bff/src/db/tx';
import { round } from './bench-measure';
import { fileStamp, writeBenchJson } from './bench-report';
import type { BenchEnv } from './checkout-seed';

/** The scale bench's output: the machine, the table per size, the JSON and markdown files. */

export async function environmentOf(env: BenchEnv) {
  const [row] = await select<{ v: string; pool: string | number; flush: string | number; redo: string | number }>(
    env.dataSource.manager,
    `SELECT VERSION() AS v, @@innodb_buffer_pool_size AS pool, @@innodb_flush_log_at_trx_commit AS flush,
            @@innodb_log_file_size AS redo`,
  );
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    database: row.v,
    innodbBufferPoolMiB: Number(row.pool) / 1048576,
    innodbFlushLogAtTrxCommit: Number(row.flush),
    innodbLogFileMiB: Number(row.redo) / 1048576,
  };
}

/** The markdown table: one column per size. */
export function scaleTable(result: any): string {
  const sizes: any[] = result.sizes;
  const fmt = (n: number) => (n >= 10_000 ? `${round(n / 1000, 0)} k` : String(n));
  const rows: Array<[string, (s: any) => string]> = [
    ['transfers in the chain', (s) => fmt(s.chain.transfers)],
    ['members / lots', (s) => `${fmt(s.chain.members)} / ${fmt(s.chain.lots)}`],
    ['`GET /api/me` p50 / p99 (ms)', (s) => `${s.me.p50Ms} / ${s.me.p99Ms}`],
    ['`GET /api/me` at concurrency 4 (/s)', (s) => String(s.meAtConcurrency4.perSecond)],
    ['member ledger p50 / p99 (ms)', (s) => `${s.memberLedger.p50Ms} / ${s.memberLedger.p99Ms}`],
    ['scan p50 / p99 (ms)', (s) => `${s.scan.p50Ms} / ${s.scan.p99Ms}`],
    ['checkout p50 / p99 (ms)', (s) => `${s.checkout.p50Ms} / ${s.checkout.p99Ms}`],
    ['day view, busiest store (ms, items)', (s) => `${s.dayView.p50Ms} (${s.dayView.items})`],
    ['settlement, month: JSON / CSV (s)', (s) => `${s.settlement.json.seconds} / ${s.settlement.csv.seconds}`],
    ['summary report', () => 'no route on this branch'],
    ['expiry (lots, lots/s)', (s) => `${fmt(s.expiry.lots)}, ${s.expiry.lotsPerSecond}/s`],
    ['ledger audit, full (s)', (s) => `${s.audit.seconds}`],
    [
      'ledger audit, incremental (s, new transfers)',
      (s) =>
        s.incrementalAudit
          ? `${s.incrementalAudit.seconds} (${fmt(s.incrementalAudit.transfersSinceCheckpoint)})`
          : '—',
    ],
  ];
  const head = `| | ${sizes.map((s) => fmt(s.target)).join(' | ')} |`;
  const rule = `| --- | ${sizes.map(() => '---').join(' | ')} |`;
  const lines = rows.map(([label, cell]) => `| ${label} | ${sizes.map(cell).join(' | ')} |`);
  return [head, rule, ...lines].join('\n');
}

/** The settings comparison as markdown (one row per setting variant, then the pool sizes). */
export function dbSettingsTable(db: any): string {
  const rows = db.variants.map(
    (v: any) => `| ${v.name} | ${v.auditSeconds} | ${v.checkoutsPerSecond} | ${v.bulkLoad10CopiesSeconds} |`,
  );
  const pools = db.pools.map((p: any) => `| pool of ${p.poolSize} | ${p.overviewsPerSecond} |`);
  return [
    '| MariaDB settings | ledger audit (s) | checkouts/s at 8 | bulk load of 10 copies (s) |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '| connection pool | member overviews/s at 32 concurrent |',
    '| --- | --- |',
    ...pools,
  ].join('\n');
}

export function writeResults(outDir: string, result: any): { file: string; table: string } {
  const stamp = fileStamp(new Date(result.generatedAt));
  const file = writeBenchJson(outDir, result.dbSettings ? 'db-settings' : 'scale', result, stamp);
  const table = scaleTable(result);
  const env = result.environment;
  writeFileSync(
    file.replace(/\.json$/, '.md'),
    [
      `# Scale benchmark, ${result.generatedAt}`,
      '',
      `\`npm run bench -- scale\` on ${env.cpus} × ${env.cpuModel}, ${env.database} (buffer pool ${env.innodbBufferPoolMiB} MiB, innodb_flush_log_at_trx_commit=${env.innodbFlushLogAtTrxCommit}), Node ${env.node}; ${result.totalSeconds} s in all. JSON: \`${file.split('/').pop()}\`.`,
      '',
      table,
      '',
      ...(result.dbSettings ? [dbSettingsTable(result.dbSettings), ''] : []),
      ...result.notes.map((note: string) => `- ${note}`),
      '',
    ].join('\n'),
  );
  return { file, table };
}
