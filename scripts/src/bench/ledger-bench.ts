import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createConnection, createPool, type Pool } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../../../bff/src/db/data-source';
import { inTransaction, isRetryableTxError } from '../../../bff/src/db/tx';
import { spendPoints } from '../../../bff/src/domain/ledger';
import { ulid } from '../../../bff/src/domain/shared/ulid';
import { expireAllDue } from '../../../bff/src/jobs';
import { rawSpend } from './ledger-raw';
import { seedLots } from './ledger-seed';

export interface LedgerBenchOptions {
  transfers: number;
  concurrency: number;
  members: number;
  expireLots: number;
  poolSize: number;
  outDir: string;
  log?: (line: string) => void;
}

type Distribution = 'uniform' | 'one-hot-member';
type Side = 'ledger' | 'raw';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Transfers per second through the ledger module (TypeORM, inTransaction, spendPoints) against
 * raw mysql2 running the same statements, on the same fresh MariaDB database in the same run,
 * alternating A/B three times per distribution; then the time to expire a large number of lots.
 */
export async function runLedgerBench(options: LedgerBenchOptions): Promise<{ file: string; result: unknown }> {
  const log = options.log ?? (() => undefined);
  const server = new URL(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test');
  server.pathname = '/';
  const name = `tk_bench_ledger_${Date.now().toString(36)}`;
  const admin = await createConnection(server.toString());
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const [[{ version }]] = (await admin.query('SELECT VERSION() AS version')) as unknown as [[{ version: string }]];
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  const dataSource = createDataSource(url.toString(), { poolSize: options.poolSize });
  const pool = createPool({ uri: url.toString(), connectionLimit: options.poolSize, timezone: 'Z' });
  try {
    await dataSource.initialize();
    await runMigrations(dataSource);
    const storeId = ulid();
    const members = Array.from({ length: options.members }, () => ulid());
    await seedLots(dataSource, {
      storeId,
      memberIds: members,
      lotsPerMember: 1,
      pointsPerLot: 1_000_000_000,
      expiresAt: new Date('2099-01-01T00:00:00Z'),
    });
    await inTransaction(dataSource, (tx) =>
      spendPoints(tx, { at: new Date(), memberId: members[0], storeId, points: 1, idempotencyKey: 'warm-up' }),
    );
    const loadAtStart = loadavg().map((n) => Number(n.toFixed(2)));
    const throughput: Record<string, unknown> = {};
    for (const distribution of ['uniform', 'one-hot-member'] as Distribution[]) {
      const rounds: Record<Side, number[]> = { ledger: [], raw: [] };
      for (let round = 0; round < 3; round++) {
        for (const side of ['ledger', 'raw'] as Side[]) {
          const perSecond = await measure(side, distribution, { ...options, dataSource, pool, storeId, members });
          rounds[side].push(perSecond);
          log(`${distribution} round ${round + 1} ${side}: ${perSecond.toFixed(0)} transfers/s`);
        }
      }
      const ledgerMedian = median(rounds.ledger);
      const rawMedian = median(rounds.raw);
      throughput[distribution] = {
        ledgerTransfersPerSecond: rounds.ledger.map(Math.round),
        rawTransfersPerSecond: rounds.raw.map(Math.round),
        ledgerMedian: Math.round(ledgerMedian),
        rawMedian: Math.round(rawMedian),
        ratioLedgerToRaw: Number((ledgerMedian / rawMedian).toFixed(3)),
      };
    }
    const expiry = await measureExpiry(dataSource, storeId, options.expireLots, log);
    const result = {
      benchmark: 'ledger',
      at: new Date().toISOString(),
      machine: {
        nproc: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryBytes: totalmem(),
        mariadbVersion: version,
        node: process.version,
        // the machine is shared: other work running during the measurement shows up here
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadavg().map((n) => Number(n.toFixed(2))),
      },
      settings: {
        transfersPerRound: options.transfers,
        concurrency: options.concurrency,
        members: options.members,
        poolSize: options.poolSize,
        operation: 'spendPoints of 1 point (REDEEM), one lot consumed per transfer',
        sides:
          'ledger = inTransaction + spendPoints (statements straight to mysql2 as prepared statements, account ids cached per process); raw = the same SQL statements by hand with mysql2 execute, account ids looked up once, same pool size, deadlock retry on both',
      },
      throughput,
      expiry,
    };
    mkdirSync(options.outDir, { recursive: true });
    const file = join(options.outDir, `ledger-${new Date().toISOString().slice(0, 10)}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    return { file, result };
  } finally {
    await pool.end().catch(() => undefined);
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  }
}

async function measure(
  side: Side,
  distribution: Distribution,
  ctx: Omit<LedgerBenchOptions, 'members'> & { dataSource: DataSource; pool: Pool; storeId: string; members: string[] },
): Promise<number> {
  let next = 0;
  const pick = () =>
    distribution === 'uniform' ? ctx.members[Math.floor(Math.random() * ctx.members.length)] : ctx.members[0];
  const one = async (memberId: string) => {
    for (;;) {
      try {
        if (side === 'raw') return await rawSpend(ctx.pool, { memberId, storeId: ctx.storeId, points: 1 });
        return void (await inTransaction(ctx.dataSource, (tx) =>
          spendPoints(tx, { at: new Date(), memberId, storeId: ctx.storeId, points: 1, idempotencyKey: ulid() }),
        ));
      } catch (error) {
        // the raw side retries deadlocks and lock-wait timeouts the way inTransaction does
        if (!isRetryableTxError(error)) throw error;
      }
    }
  };
  const worker = async () => {
    while (next < ctx.transfers) {
      next += 1;
      await one(pick());
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: ctx.concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return ctx.transfers / seconds;
}

async function measureExpiry(dataSource: DataSource, storeId: string, lots: number, log: (line: string) => void) {
  const members = Array.from({ length: Math.ceil(lots / 10) }, () => ulid());
  const seedStarted = Date.now();
  await seedLots(dataSource, {
    storeId,
    memberIds: members,
    lotsPerMember: 10,
    pointsPerLot: 5,
    expiresAt: new Date('2026-01-01T00:00:00Z'),
    onChunk: (done) => done % 100_000 === 0 && log(`seeded ${done} lots`),
  });
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  log(`seeded ${lots} lots in ${seedSeconds.toFixed(1)} s; expiring`);
  const started = Date.now();
  const expired = await expireAllDue(dataSource, new Date('2026-01-02T00:00:00Z'));
  const seconds = (Date.now() - started) / 1000;
  return {
    lots: members.length * 10,
    expired,
    seedSeconds: Number(seedSeconds.toFixed(1)),
    expireSeconds: Number(seconds.toFixed(1)),
    lotsPerSecond: Math.round(expired / seconds),
    projectedSecondsFor1M: Math.round((1_000_000 / expired) * seconds),
    note:
      lots < 1_000_000
        ? `measured ${lots} lots, not 1,000,000 (asked for fewer); projectedSecondsFor1M extrapolates linearly`
        : 'measured 1,000,000 lots: batches of 500 lots per transaction, one EXPIRE transfer and one operation row per lot',
  };
}
