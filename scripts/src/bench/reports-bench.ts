import { createPool } from 'mysql2/promise';
import { issueAdminToken } from '../../../bff/src/auth/tokens';
import { addLocalDays } from '../../../bff/src/domain/shared/chain-time';
import { monotonicFactory } from '../../../bff/src/domain/shared/ulid';
import { startBff } from '../../../bff/src/server';
import { loadConfig } from '../../../config';
import { createBenchDatabase } from './bench-db';
import { median } from './bench-measure';
import { machineOf, writeBenchJson } from './bench-report';
import { seed } from './reports-seed';

const nextId = monotonicFactory();
const ZONE = 'Asia/Shanghai';

export interface ReportsBenchOptions {
  transfers: number;
  stores: number;
  members: number;
  days: number;
  runs: number;
  outDir: string;
  /** Keep the seeded database (its name is logged) to EXPLAIN the report queries by hand. */
  keepDb?: boolean;
  log?: (line: string) => void;
}

/**
 * HQ reports at a chain's volume: a throwaway database holding `transfers` ledger transfers over
 * `days` days (checkouts with earn, redemption and stored value, top-ups, expiries), with the
 * checkouts, settlement lines and daily rollups those transfers make; then the summary, the daily
 * series and the settlement statement over the whole period, each through the BFF's HTTP API.
 */
export async function runReportsBench(options: ReportsBenchOptions): Promise<{ file: string; result: unknown }> {
  const log = options.log ?? (() => undefined);
  const db = await createBenchDatabase('reports', 4);
  const { dataSource, url } = db;
  const pool = createPool({ uri: url, connectionLimit: 4, timezone: 'Z' });
  try {
    const from = '2026-08-01';
    const to = addLocalDays(from, options.days - 1);
    const seedStarted = Date.now();
    const counts = await seed(pool, { ...options, from }, log);
    const seedSeconds = Math.round((Date.now() - seedStarted) / 1000);
    log(`seeded ${JSON.stringify(counts)} in ${seedSeconds} s`);
    const config = loadConfig(
      {
        PORT: '0',
        DATABASE_URL: url,
        JWT_SECRET: 'bench-jwt-secret-0123456789abcdef',
        DATA_KEY: Buffer.alloc(32, 5).toString('base64'),
        WECHAT_APPID: 'wxbench000000000001',
        WECHAT_SECRET: 'bench',
        LOG_LEVEL: 'silent',
      },
      'production',
    );
    const bff = await startBff({ config, dataSource, host: '127.0.0.1' });
    const adminId = nextId();
    await pool.query(
      "INSERT INTO admins (id, username, password_hash, role, created_at) VALUES (?, 'bench', 'x', 'finance', NOW())",
      [adminId],
    );
    const token = issueAdminToken(config.JWT_SECRET, adminId, 'bench');
    const timings: Record<string, number[]> = {};
    const paths = {
      summary: `/api/admin/reports/summary?from=${from}&to=${to}`,
      summaryCsv: `/api/admin/reports/summary?from=${from}&to=${to}&format=csv`,
      daily: `/api/admin/reports/daily?from=${from}&to=${to}`,
      settlement: `/api/admin/settlements?from=${from}&to=${to}`,
    };
    try {
      for (let run = 0; run < options.runs; run++) {
        for (const [label, path] of Object.entries(paths)) {
          const started = performance.now();
          const response = await fetch(bff.url + path, { headers: { authorization: `Bearer ${token}` } });
          await response.text();
          if (response.status !== 200) throw new Error(`${label} answered ${response.status}`);
          (timings[label] ??= []).push(Math.round(performance.now() - started));
          log(`${label} run ${run + 1}: ${timings[label].at(-1)} ms`);
        }
      }
    } finally {
      await bff.close();
    }
    const result = {
      benchmark: 'reports',
      at: new Date().toISOString(),
      machine: machineOf(db.version),
      settings: { ...options, log: undefined, from, to, timeZone: ZONE },
      rows: counts,
      seedSeconds,
      goalMs: 2000,
      timingsMs: Object.fromEntries(
        Object.entries(timings).map(([label, list]) => [
          label,
          { runs: list, median: median(list), max: Math.max(...list) },
        ]),
      ),
      how: 'each report over the whole seeded period through HTTP (in-process BFF, finance token); summary and daily read the daily rollups (report_daily_flows, report_daily_lots, report_daily_sales, report_member_years), the settlement statement reads report_daily_settlement; the rollups are what the ledger, checkout and settlement writes keep in their own transactions, computed here by the seeder for the same rows',
    };
    return { file: writeBenchJson(options.outDir, 'reports', result), result };
  } finally {
    await pool.end().catch(() => undefined);
    if (options.keepDb) log(`kept database ${db.name}`);
    await db.close({ keep: options.keepDb });
  }
}
