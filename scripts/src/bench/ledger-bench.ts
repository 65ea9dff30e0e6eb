import { createPool, type Pool } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { inTransaction, isRetryableTxError } from '../../../bff/src/db/tx';
import { spendPoints } from '../../../bff/src/domain/ledger';
import { ulid } from '../../../bff/src/domain/shared/ulid';
import { expireAllDue } from '../../../bff/src/jobs';
import { createBenchDatabase } from './bench-db';
import { median } from './bench-measure';
import { loadAverage, machineOf, writeBenchJson } from './bench-report';
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

/**
 * Transfers per second through the ledger module (TypeORM, inTransaction, spendPoints) against
 * raw mysql2 running the same statements, on the same fresh MariaDB database in the same run,
 * alternating A/B three times per distribution; then the time to expire a large number of lots.
 */
export async function runLedgerBench(options: LedgerBenchOptions): Promise<{ file: string; result: unknown }> {
  const log = options.log ?? (() => undefined);
  const db = await createBenchDatabase('ledger', options.poolSize);
  const { dataSource } = db;
  const pool = createPool({ uri: db.url, connectionLimit: options.poolSize, timezone: 'Z' });
  try {
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
    const loadAtStart = loadAverage();
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
      machine: machineOf(db.version, loadAtStart),
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
    return { file: writeBenchJson(options.outDir, 'ledger', result), result };
  } finally {
    await pool.end().catch(() => undefined);
    await db.close();
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
        : 'measured 1,000,000 lots: batches of 5,000 lots per transaction, one EXPIRE transfer and one lot portion per lot, written set-based',
  };
}
