import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createConnection, createPool } from 'mysql2/promise';
import { createDataSource, runMigrations } from '../../../bff/src/db/data-source';
import { auditLedger } from '../../../bff/src/domain/ledger';
import { startBffProcess } from './checkout-bff-process';
import { type RawProtocol, rawCheckout } from './checkout-raw';
import {
  type BenchEnv,
  type BenchMember,
  type BenchStore,
  codeOf,
  rawTargets,
  seedMember,
  seedStore,
} from './checkout-seed';
import { postJson } from './http-client';
import { rawScan } from './scan-raw';

export interface CheckoutBenchOptions {
  /** Server URL without a database (default: DATABASE_URL's server, else the local MariaDB). */
  serverUrl?: string;
  checkouts: number;
  concurrency: number;
  /** Cashiers are spread over this many stores (each store's accounts are hot rows). */
  stores: number;
  /** The raw side's pool; keep it equal to the BFF's (createDataSource default: 20). */
  poolSize: number;
  outDir: string;
}

interface Timed {
  /** Latencies in ms, sorted (left out of the JSON). */
  samples?: number[];
  count: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/** Runs `total` tasks with `concurrency` workers; returns throughput and latency percentiles. */
async function timed(
  total: number,
  concurrency: number,
  task: (i: number, worker: number) => Promise<boolean>,
): Promise<Timed> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = next++; i < total; i = next++) {
        const t0 = performance.now();
        if (!(await task(i, worker))) errors += 1;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    samples: latencies,
    count: total,
    errors,
    seconds: round(seconds),
    perSecond: round(total / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
  };
}

/** Adds up interleaved rounds of one side into one result. */
function combine(parts: Timed[]): Timed {
  const samples = parts.flatMap((part) => part.samples ?? []).sort((a, b) => a - b);
  const count = parts.reduce((sum, part) => sum + part.count, 0);
  const seconds = parts.reduce((sum, part) => sum + part.seconds, 0);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    count,
    errors: parts.reduce((sum, part) => sum + part.errors, 0),
    seconds: round(seconds),
    perSecond: round(count / seconds),
    p50Ms: round(percentile(samples, 50)),
    p99Ms: round(percentile(samples, 99)),
  };
}

/**
 * The BFF and raw sides run in alternating rounds, so load that other processes put on the
 * machine (and the database growing) weighs on both sides alike.
 */
async function interleaved(
  rounds: number,
  perRound: number,
  sides: Array<(n: number) => Promise<Timed>>,
): Promise<Timed[]> {
  const results: Timed[][] = sides.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [index, side] of sides.entries()) results[index].push(await side(perRound));
  }
  return results.map(combine);
}

async function createBenchDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tk_bench_${Date.now().toString(36)}`;
  const admin = await createConnection(serverUrl);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const conn = await createConnection(serverUrl);
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

async function post(
  baseUrl: string,
  path: string,
  token: string,
  body: unknown,
  key?: string,
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (key) headers['idempotency-key'] = key;
  return postJson(baseUrl + path, headers, body);
}

async function scan(
  baseUrl: string,
  store: BenchStore,
  member: BenchMember,
  shiftMs = 0,
): Promise<{ status: number; scanId?: string }> {
  const res = await post(baseUrl, `/api/stores/${store.storeId}/scan`, store.staffToken, {
    code: codeOf(member, Date.now() + shiftMs),
  });
  return { status: res.status, scanId: res.body?.scanId };
}

let orderSeq = 0;
const checkoutBody = (scanId: string) => ({
  scanId,
  orderRef: `bench-${process.pid}-${++orderSeq}`,
  amountFen: 10_000,
  redeemPoints: 100,
  storedValueFen: 500,
});

export async function runCheckoutBench(
  options: CheckoutBenchOptions,
): Promise<{ file: string; result: Record<string, unknown> }> {
  const serverUrl = options.serverUrl ?? defaultServerUrl();
  const db = await createBenchDatabase(serverUrl);
  const dataSource = createDataSource(db.url, { poolSize: 4 });
  await dataSource.initialize();
  await runMigrations(dataSource);
  const env: BenchEnv = {
    dataSource,
    jwtSecret: `bench-jwt-${Date.now()}-0123456789`,
    dataKey: Buffer.alloc(32, 11).toString('base64'),
  };
  const bff = await startBffProcess({
    DATABASE_URL: db.url,
    JWT_SECRET: env.jwtSecret,
    DATA_KEY: env.dataKey,
    WECHAT_APPID: 'wxbench000000000001',
    WECHAT_SECRET: 'bench-secret',
  });
  try {
    const stores: BenchStore[] = [];
    for (let i = 0; i < Math.max(2, options.stores); i++) stores.push(await seedStore(env, `Bench ${i + 1}`));
    const members: BenchMember[] = [];
    for (let i = 0; i < 500 + options.concurrency + 1; i++) members.push(await seedMember(env, stores[0].storeId));
    const [cashiers, scanned, hot] = [
      members.slice(0, options.concurrency),
      members.slice(options.concurrency, -1),
      members[members.length - 1],
    ];
    const { bffRun, rawRun, rawTextRun } = await compareThroughput({
      bffUrl: bff.url,
      env,
      dbUrl: db.url,
      stores,
      cashiers,
      options,
    });

    const scanRun = await scanLatency(bff.url, db.url, stores[0], scanned);
    const hotRun = await hotMember(bff.url, stores, hot, options.concurrency);
    const audit = await auditLedger(dataSource);
    const ratio = Math.round((bffRun.perSecond / rawRun.perSecond) * 1000) / 1000;
    const result = {
      generatedAt: new Date().toISOString(),
      environment: await environmentOf(dataSource, options.poolSize),
      checkout: {
        note: 'Each checkout redeems 100 points, pays 500 fen stored value (both issued at the first store, so checkouts at the other stores write a settlement line) and earns on the 9,400 fen cash rest. BFF: its own process (as npm run bff), over HTTP with Idempotency-Key, auth and validation, driven by a minimal HTTP/1.1 client on kept-alive sockets. Raw: the same transaction statement by statement with mysql2 prepared statements (minus the one sign-in read of the BFF), same MariaDB, same pool size, same concurrency, in the load-generator process; ratio = bff / rawMysql2. rawMysql2Text is the same over the text protocol. The sides run in 5 alternating rounds.',
        concurrency: options.concurrency,
        stores: stores.length,
        bff: bffRun,
        rawMysql2: rawRun,
        /** The same raw transaction over the text protocol (as TypeORM sends SQL), for reference. */
        rawMysql2Text: rawTextRun,
        ratio,
        ratioToText: Math.round((bffRun.perSecond / rawTextRun.perSecond) * 1000) / 1000,
        goal: 0.7,
        meetsGoal: ratio >= 0.7,
      },
      scan: {
        note: 'Rounds of 100 scans of distinct members sent at once; rawMysql2 runs the same statements from the load generator (no code check, no decryption). Goal: BFF p99 under 30 ms.',
        concurrency: 100,
        ...scanRun,
        goalP99Ms: 30,
        meetsGoal: scanRun.p99Ms < 30,
      },
      hotMember: hotRun,
      ledgerBalancedAfter: audit.balanced,
    };
    return { file: writeJson(options.outDir, result), result };
  } finally {
    await bff.stop();
    await dataSource.destroy();
    await db.drop();
  }
}

/**
 * Checkouts through the BFF over HTTP vs the same transaction in raw mysql2: each cashier has
 * its own member and scan at its store; both sides warm up, then run in alternating rounds.
 */
async function compareThroughput(input: {
  bffUrl: string;
  env: BenchEnv;
  dbUrl: string;
  stores: BenchStore[];
  cashiers: BenchMember[];
  options: CheckoutBenchOptions;
}): Promise<{ bffRun: Timed; rawRun: Timed; rawTextRun: Timed }> {
  const { bffUrl, env, stores, cashiers, options } = input;
  const storeOf = (worker: number) => stores[worker % stores.length];
  const scanIds = (await Promise.all(cashiers.map((m, w) => scan(bffUrl, storeOf(w), m)))).map((s) => s.scanId!);
  const runBff = (n: number) =>
    timed(
      n,
      options.concurrency,
      async (i, w) =>
        (
          await post(
            bffUrl,
            `/api/stores/${storeOf(w).storeId}/checkouts`,
            storeOf(w).staffToken,
            checkoutBody(scanIds[w]),
            `b-${i}-${orderSeq}`,
          )
        ).status === 201,
    );
  await runBff(Math.min(200, options.checkouts)); // warm-up: JIT, pools, accounts created
  const targets = await Promise.all(cashiers.map((m, w) => rawTargets(env, storeOf(w), m, scanIds[w])));
  const pool = createPool({ uri: input.dbUrl, connectionLimit: options.poolSize, timezone: 'Z' });
  const runRaw = (protocol: RawProtocol) => (n: number) =>
    timed(n, options.concurrency, async (_i, w) => {
      const { store, member } = targets[w];
      await rawCheckout(pool, store, member, `raw-${process.pid}-${++orderSeq}`, protocol, stores[0].storeId);
      return true;
    });
  await runRaw('binary')(Math.min(200, options.checkouts));
  await runRaw('text')(Math.min(100, options.checkouts));
  const rounds = 5;
  const [bffRun, rawRun, rawTextRun] = await interleaved(rounds, Math.ceil(options.checkouts / rounds), [
    runBff,
    runRaw('binary'),
    runRaw('text'),
  ]);
  await pool.end();
  return { bffRun, rawRun, rawTextRun };
}

async function environmentOf(dataSource: { query(sql: string): Promise<Array<{ v: string }>> }, poolSize: number) {
  const [version] = await dataSource.query('SELECT VERSION() AS v');
  return { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, database: version.v, poolSize };
}

function writeJson(outDir: string, result: unknown): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `checkout-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/**
 * Scan latency at 100 concurrent: rounds of 100 distinct members scanned at once, through the BFF
 * and, alternating round by round, the same statements in raw mysql2 on the same database (the
 * floor this machine sets). burstMs: how long a whole round of 100 took.
 */
async function scanLatency(baseUrl: string, dbUrl: string, store: BenchStore, members: BenchMember[]) {
  const pool = createPool({ uri: dbUrl, connectionLimit: 20, timezone: 'Z' });
  const sides = {
    bff: { latencies: [] as number[], bursts: [] as number[], errors: 0 },
    rawMysql2: { latencies: [] as number[], bursts: [] as number[], errors: 0 },
  };
  const burst = async (side: keyof typeof sides, group: BenchMember[], task: (m: BenchMember) => Promise<boolean>) => {
    const t0 = performance.now();
    await Promise.all(
      group.map(async (member) => {
        const started = performance.now();
        if (!(await task(member).catch(() => false))) sides[side].errors += 1;
        sides[side].latencies.push(performance.now() - started);
      }),
    );
    sides[side].bursts.push(performance.now() - t0);
  };
  const target = (member: BenchMember) => ({
    staffId: store.staffId,
    storeId: store.storeId,
    memberCodeId: member.memberCodeId,
  });
  for (let round = 0; round < Math.floor(members.length / 100); round++) {
    const group = members.slice(round * 100, round * 100 + 100);
    await burst('bff', group, async (member) => (await scan(baseUrl, store, member)).status === 200);
    await burst('rawMysql2', group, async (member) => {
      await rawScan(pool, target(member));
      return true;
    });
  }
  await pool.end();
  const summary = (side: (typeof sides)['bff']) => {
    const sorted = [...side.latencies].sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      samples: sorted.length,
      errors: side.errors,
      p50Ms: round(percentile(sorted, 50)),
      p99Ms: round(percentile(sorted, 99)),
      meanBurstMs: round(side.bursts.reduce((a, b) => a + b, 0) / side.bursts.length),
    };
  };
  return { ...summary(sides.bff), rawMysql2: summary(sides.rawMysql2) };
}

/** One member checked out by every worker at both stores at once: the member row lock serialises them. */
async function hotMember(baseUrl: string, stores: BenchStore[], member: BenchMember, concurrency: number) {
  // One code opens one scan: the second store scans the code of the previous step (still accepted).
  const scanA = (await scan(baseUrl, stores[0], member)).scanId!;
  const scanB = (await scan(baseUrl, stores[1], member, -30_000)).scanId!;
  const total = concurrency * 10;
  const run = await timed(total, concurrency, async (i, w) => {
    const store = stores[w % 2];
    const res = await post(
      baseUrl,
      `/api/stores/${store.storeId}/checkouts`,
      store.staffToken,
      checkoutBody(w % 2 ? scanB : scanA),
      `hot-${i}`,
    );
    return res.status === 201;
  });
  const { samples: _samples, ...summary } = run;
  return { concurrency, ...summary };
}

function defaultServerUrl(): string {
  const url = new URL(
    process.env.DATABASE_URL?.startsWith('mysql://') ? process.env.DATABASE_URL : 'mysql://root@127.0.0.1:3306/',
  );
  url.pathname = '/';
  return url.toString();
}
