import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { createDataSource, runMigrations } from '../../../bff/src/db/data-source';
import { execute } from '../../../bff/src/db/tx';
import { importMembersCsv } from '../../../bff/src/domain/import/import-members';
import { auditLedger } from '../../../bff/src/domain/ledger';
import { DataCrypto } from '../../../bff/src/domain/shared/data-crypto';
import { ulid } from '../../../bff/src/domain/shared/ulid';

/**
 * `npm run bench -- import [--rows N]`: imports N generated legacy members (default 100,000) into a
 * throwaway database on the server of DATABASE_URL and writes bench/results/import-<time>.json.
 * A benchmark, not a test: the target is < 30 s for 100,000 rows on MariaDB.
 */
export async function runImportBench(
  options: { rows?: number; resultsDir?: string; parallelism?: number } = {},
): Promise<Record<string, unknown>> {
  const rows = options.rows ?? 100_000;
  const server = new URL(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test');
  const name = `tk_bench_import_${Date.now().toString(36)}`;
  server.pathname = '/';
  const admin = await createConnection(server.toString());
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  const dataSource = createDataSource(url.toString(), { poolSize: 8 });
  try {
    await dataSource.initialize();
    await runMigrations(dataSource);
    await execute(dataSource.manager, 'INSERT INTO stores (id, code, name, created_at) VALUES (?, ?, ?, ?)', [
      ulid(),
      'BENCH',
      'Bench',
      new Date(),
    ]);
    const csv = generateCsv(rows);
    const startedAt = Date.now();
    const summary = await importMembersCsv(dataSource, new DataCrypto(Buffer.alloc(32, 5).toString('base64')), csv, {
      storeCode: 'BENCH',
      now: new Date(),
      parallelism: options.parallelism,
    });
    const seconds = (Date.now() - startedAt) / 1000;
    const audit = await auditLedger(dataSource);
    const result = {
      bench: 'import',
      rows,
      seconds,
      rowsPerSecond: Math.round(rows / seconds),
      parallelism: options.parallelism ?? 4,
      created: summary.created,
      rejected: summary.rejected.length,
      ledgerBalanced: audit.balanced,
      targetSeconds: 30,
      at: new Date().toISOString(),
    };
    const dir = options.resultsDir ?? join(process.cwd(), 'bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `import-${result.at.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  }
}

/** Mobiles 135xxxxxxxx, every 50th row a duplicate and every 100th a bad phone, like real exports. */
function generateCsv(rows: number): string {
  const lines = ['phone,name,points,storedValueFen,registeredAt,tier'];
  for (let i = 0; i < rows; i++) {
    const phone = i % 100 === 99 ? '021-1234567' : `135${String(i % 50 === 49 ? i - 1 : i).padStart(8, '0')}`;
    lines.push(
      `${phone},Member ${i},${(i * 37) % 5000},${(i * 53) % 20000},2020-01-01,${i % 10 === 0 ? 'gold' : 'basic'}`,
    );
  }
  return lines.join('\n');
}
