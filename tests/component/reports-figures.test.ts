import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inTransaction, sqlParams } from '../../bff/src/db/tx';
import { creditStoredValue, earnPoints } from '../../bff/src/domain/ledger';
import { backfillReportRollups } from '../../bff/src/domain/reports/backfill-report-rollups';
import { settlementStatement } from '../../bff/src/domain/settlement/settlement-statement';
import { startOfLocalDay } from '../../bff/src/domain/shared/chain-time';
import { buyer, createMember, MovableClock, refund, type TestMember, twoStores } from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

// Monday 2026-11-23, 12:00 in Shanghai.
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
const DAY = 86_400_000;
let bff: TestBff;
let storeA: string;
let storeB: string;
let clerkA: TestMember;
let clerkB: TestMember;
let admin: string;
const buy = buyer(() => bff, 'R');
const FROM = '2026-11-23';
const TO = '2026-11-25';

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await bff.db.dataSource.query(text, sqlParams(params))) as T[];

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  ({ storeA, storeB, clerkA, clerkB, admin } = await twoStores(bff));
  await seedChain();
});
afterAll(() => bff?.close());

/** Three days of a small chain: sales at both stores, a redemption across stores, stored value, a refund, an expiry. */
async function seedChain(): Promise<void> {
  const m1 = await createMember(bff);
  const m2 = await createMember(bff);
  const m3 = await createMember(bff);
  const first = await buy(clerkA, storeA, m1, { amountFen: 10_000 });
  await buy(clerkB, storeB, m2, { amountFen: 5_000 });
  await buy(clerkB, storeB, m1, { amountFen: 3_000, redeemPoints: 40 });
  expect((await refund(bff, clerkA, storeA, first.checkoutId, { amountFen: 5_000 })).status).toBe(200);
  await inTransaction(bff.db.dataSource, (tx) =>
    creditStoredValue(tx, {
      memberId: m2.id,
      storeId: storeB,
      fen: 10_000,
      kind: 'TOPUP',
      idempotencyKey: 'report-topup-1',
      causeType: 'test',
      causeId: 'topup-1',
      at: clock.now(),
    }),
  );
  // A lot of store A's that expires tomorrow noon (Shanghai).
  await inTransaction(bff.db.dataSource, (tx) =>
    earnPoints(tx, {
      memberId: m3.id,
      storeId: storeA,
      points: 70,
      idempotencyKey: 'report-short-lot',
      earnedAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + DAY),
    }),
  );
  clock.advance(DAY);
  await buy(clerkA, storeA, m2, { amountFen: 2_000, storedValueFen: 1_000 });
  await buy(clerkA, storeA, m3, { amountFen: 1_500 });
  clock.advance(DAY);
  const run = await bff.api.post('/api/admin/jobs/expire-points/run', {}, { token: admin });
  expect(run.status).toBe(200);
  expect(run.body.processed).toBe(1);
}

interface Expected {
  pointsIssued: number;
  pointsRedeemed: number;
  pointsExpired: number;
  activeMembers: number;
}

/**
 * The figures recomputed straight from ledger_transfers (and its accounts), not through the
 * report code: the definitions README gives, in one SQL per figure.
 */
async function fromTransfers(from: string, to: string, storeId: string | null): Promise<Expected> {
  const start = startOfLocalDay(from, 'Asia/Shanghai');
  const end = new Date(startOfLocalDay(to, 'Asia/Shanghai').getTime() + DAY);
  const storeClause = storeId ? 'AND t.store_id = ?' : '';
  const params = storeId ? [start, end, storeId] : [start, end];
  const sum = async (direction: 'in' | 'out', kinds: string[]) => {
    const [row] = await sql<{ total: string | null }>(
      `SELECT SUM(t.amount) AS total FROM ledger_transfers t
         JOIN ledger_accounts f ON f.id = t.from_account_id JOIN ledger_accounts d ON d.id = t.to_account_id
        WHERE t.asset = 'POINTS' AND t.pending_id IS NULL AND t.created_at >= ? AND t.created_at < ? ${storeClause}
          AND ${direction === 'in' ? "d.owner_type = 'member' AND f.owner_type <> 'member'" : "f.owner_type = 'member' AND d.owner_type <> 'member'"}
          AND t.kind IN (${kinds.map((k) => `'${k}'`).join(', ')})
          AND NOT EXISTS (SELECT 1 FROM ledger_transfers v WHERE v.pending_id = t.id AND v.status = 'void_pending')`,
      params,
    );
    return Number(row.total ?? 0);
  };
  const [active] = await sql<{ n: string }>(
    `SELECT COUNT(DISTINCT a.owner_id) AS n FROM ledger_transfers t
       JOIN ledger_accounts a ON a.owner_type = 'member' AND (a.id = t.from_account_id OR a.id = t.to_account_id)
      WHERE t.created_at >= ? AND t.created_at < ? ${storeClause}
        AND t.kind IN ('EARN', 'REDEEM', 'SPEND', 'TOPUP', 'CHECKIN', 'EXCHANGE')`,
    params,
  );
  return {
    pointsIssued:
      (await sum('in', ['EARN', 'CHECKIN', 'REBATE', 'IMPORT', 'ADJUST', 'DEBT_REPAY'])) -
      (await sum('out', ['CLAWBACK', 'DEBT', 'ADJUST'])),
    pointsRedeemed: (await sum('out', ['REDEEM', 'EXCHANGE'])) - (await sum('in', ['REFUND'])),
    pointsExpired: await sum('out', ['EXPIRE']),
    activeMembers: Number(active.n),
  };
}

async function heldInLots(issuer: string | null, asset: 'POINTS' | 'CNY'): Promise<number> {
  const [row] = await sql<{ held: string | null }>(
    `SELECT SUM(remaining) AS held FROM ledger_lots WHERE asset = ? ${issuer ? 'AND issuing_store_id = ?' : ''}`,
    issuer ? [asset, issuer] : [asset],
  );
  return Number(row.held ?? 0);
}

async function salesOf(storeId: string, own: boolean): Promise<number> {
  const [row] = await sql<{ fen: string | null }>(
    `SELECT SUM(amount_fen - refunded_fen) AS fen FROM checkouts WHERE store_id = ? AND local_date >= ? AND local_date <= ?
        AND ${own ? 'member_home_store_id = store_id' : 'member_home_store_id <> store_id'}`,
    [storeId, FROM, TO],
  );
  return Number(row.fen ?? 0);
}

describe('Summary report', () => {
  test('When HQ reads the summary, Then every store figure equals the one recomputed from the ledger transfers, lots and checkouts', async () => {
    const res = await bff.api.get(`/api/admin/reports/summary?from=${FROM}&to=${TO}`, admin);
    expect(res.status).toBe(200);
    for (const storeId of [storeA, storeB]) {
      const row = res.body.stores.find((s: { storeId: string }) => s.storeId === storeId);
      const expected = await fromTransfers(FROM, TO, storeId);
      expect(row).toMatchObject(expected);
      expect(row.liabilityPoints).toBe(await heldInLots(storeId, 'POINTS'));
      expect(row.liabilityFen).toBe(row.liabilityPoints); // default HQ cost: 1 fen a point
      expect(row.storedValueOutstandingFen).toBe(await heldInLots(storeId, 'CNY'));
      expect(row.ownMemberSalesFen).toBe(await salesOf(storeId, true));
      expect(row.visitingMemberSalesFen).toBe(await salesOf(storeId, false));
      expect(row.redemptionRate).toBeCloseTo(Math.min(1, expected.pointsRedeemed / expected.pointsIssued), 10);
    }
    expect(res.body.totals).toMatchObject(await fromTransfers(FROM, TO, null));
    expect(res.body.totals.liabilityPoints).toBe(await heldInLots(null, 'POINTS'));
  });

  test('When the seeded chain is read, Then the hand-computed figures hold (store A: 100 − 50 clawed back + 70 + 10 + 15 issued, 70 expired)', async () => {
    const res = await bff.api.get(`/api/admin/reports/summary?from=${FROM}&to=${TO}`, admin);
    const a = res.body.stores.find((s: { storeId: string }) => s.storeId === storeA);
    expect(a.pointsExpired).toBe(70);
    // ¥100 sale, half refunded; the 70-point lot; ¥20 of which ¥10 in stored value earns on ¥10; ¥15.
    expect(a.pointsIssued).toBe(100 - 50 + 70 + 10 + 15);
    expect(a.ownMemberSalesFen).toBe(10_000 - 5_000 + 1_500); // m1 and m3 are A's own; m2 is visiting
    expect(a.visitingMemberSalesFen).toBe(2_000);
    expect(a.activeMembers).toBe(3);
  });

  test('When the HQ cost of a point changes, Then the liability in fen follows it', async () => {
    expect((await bff.api.put('/api/admin/settlement-rule', { pointCostFen: 2.5 }, { token: admin })).status).toBe(200);
    const res = await bff.api.get(`/api/admin/reports/summary?from=${FROM}&to=${TO}`, admin);
    for (const row of res.body.stores) expect(row.liabilityFen).toBe(Math.round(row.liabilityPoints * 2.5));
    await bff.api.put('/api/admin/settlement-rule', { pointCostFen: 1 }, { token: admin });
  });

  test('When the summary is asked as CSV, Then the parsed rows equal the JSON, with a TOTAL line', async () => {
    const json = (await bff.api.get(`/api/admin/reports/summary?from=${FROM}&to=${TO}`, admin)).body;
    const csv = await bff.api.get(`/api/admin/reports/summary?from=${FROM}&to=${TO}&format=csv`, admin);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const [header, ...lines] = String(csv.body).trim().split('\n');
    const columns = header.split(',');
    const rows = lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell])));
    expect(rows).toHaveLength(json.stores.length + 1);
    for (const store of json.stores) {
      const row = rows.find((r) => r.storeId === store.storeId)!;
      for (const column of columns) expect(row[column]).toBe(String(store[column]));
    }
    const total = rows.find((r) => r.storeId === 'TOTAL')!;
    expect(Number(total.pointsIssued)).toBe(json.totals.pointsIssued);
    expect(Number(total.liabilityPoints)).toBe(json.totals.liabilityPoints);
  });
});

describe('Daily report', () => {
  test('When HQ reads the daily series, Then each day equals the ledger recomputation and the liability runs to the lots held', async () => {
    const res = await bff.api.get(`/api/admin/reports/daily?from=${FROM}&to=${TO}`, admin);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { date: string }) => i.date)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25']);
    for (const item of res.body.items) expect(item).toMatchObject(await fromTransfers(item.date, item.date, null));
    expect(res.body.items[2].liabilityPoints).toBe(await heldInLots(null, 'POINTS'));
    expect(res.body.items[2].storedValueOutstandingFen).toBe(await heldInLots(null, 'CNY'));
  });

  test('When one store is asked for, Then its days equal the ledger recomputation for that store; CSV parses back', async () => {
    const res = await bff.api.get(`/api/admin/reports/daily?from=${FROM}&to=${TO}&storeId=${storeA}`, admin);
    for (const item of res.body.items) expect(item).toMatchObject(await fromTransfers(item.date, item.date, storeA));
    expect(res.body.items[2].liabilityPoints).toBe(await heldInLots(storeA, 'POINTS'));
    const csv = await bff.api.get(`/api/admin/reports/daily?from=${FROM}&to=${TO}&storeId=${storeA}&format=csv`, admin);
    const [header, ...lines] = String(csv.body).trim().split('\n');
    expect(header).toBe(
      'date,pointsIssued,pointsRedeemed,pointsExpired,liabilityPoints,storedValueOutstandingFen,activeMembers',
    );
    expect(lines.map((line) => line.split(',').map((c, i) => (i === 0 ? c : Number(c))))).toEqual(
      res.body.items.map((i: Record<string, unknown>) => header.split(',').map((c) => i[c])),
    );
  });
});

describe('Tiers, breakage and settlement', () => {
  test('When HQ reads tiers and breakage, Then members per tier and expired ÷ issued match the ledger', async () => {
    const tiers = await bff.api.get('/api/admin/reports/tiers', admin);
    const [members] = await sql<{ n: string }>("SELECT COUNT(*) AS n FROM members WHERE status = 'active'");
    expect(tiers.body.items.reduce((s: number, i: { members: number }) => s + i.members, 0)).toBe(Number(members.n));
    const breakage = await bff.api.get(`/api/admin/reports/breakage?from=${FROM}&to=${TO}`, admin);
    const expected = await fromTransfers(FROM, TO, null);
    expect(breakage.body.pointsExpired).toBe(expected.pointsExpired);
    expect(breakage.body.breakageRate).toBeCloseTo(expected.pointsExpired / expected.pointsIssued, 10);
    expect(breakage.body.forecast).toHaveLength(13);
    expect(breakage.body.forecastTotalPoints).toBe(0); // the default rule: 24 months
  });

  test('When the settlement statement is read, Then the daily rollup gives what the settlement lines give', async () => {
    const res = await bff.api.get(`/api/admin/settlements?from=${FROM}&to=${TO}`, admin);
    const fromLines = await settlementStatement(
      bff.db.dataSource.manager,
      startOfLocalDay(FROM, 'Asia/Shanghai'),
      new Date(startOfLocalDay(TO, 'Asia/Shanghai').getTime() + DAY),
    );
    expect(fromLines.length).toBeGreaterThan(0);
    expect(res.body.items).toEqual(fromLines);
  });
});

describe('Rebuilding the rollups from the ledger', () => {
  const ROLLUPS = {
    report_daily_flows: 'local_date, store_key, asset, kind, flow',
    report_daily_lots: 'local_date, issuer_key, asset',
    report_daily_sales: 'local_date, store_id',
    report_daily_settlement: 'local_date, from_store_id, to_store_id',
    report_member_years: 'store_key, member_id, year',
  };
  /** Every rollup row (a day whose lots came and went in full holds nothing: not a row to compare). */
  const rollupRows = async () => {
    const out: Record<string, unknown[]> = {};
    for (const [table, order] of Object.entries(ROLLUPS)) {
      const rows = await sql<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY ${order}`);
      out[table] = rows.filter((row) => row.delta === undefined || Number(row.delta) !== 0);
    }
    return out;
  };
  const reports = async () => {
    const out: unknown[] = [];
    for (const path of [
      `reports/summary?from=${FROM}&to=${TO}`,
      `reports/daily?from=${FROM}&to=${TO}`,
      `reports/daily?from=${FROM}&to=${TO}&storeId=${storeA}`,
      `reports/breakage?from=${FROM}&to=${TO}`,
      `settlements?from=${FROM}&to=${TO}`,
    ]) {
      const res = await bff.api.get(`/api/admin/${path}`, admin);
      expect(res.status).toBe(200);
      out.push(res.body);
    }
    return out;
  };
  const rebuild = (to = TO, today = '2026-11-26') =>
    backfillReportRollups(bff.db.dataSource, { from: FROM, to, today, timeZone: 'Asia/Shanghai' });

  test('When the rollups are deleted and rebuilt from the ledger, Then every report reads the same; a second run changes nothing', async () => {
    const before = await reports();
    const rowsBefore = await rollupRows();
    for (const table of Object.keys(ROLLUPS)) await sql(`DELETE FROM ${table}`);
    const emptied = (await bff.api.get(`/api/admin/reports/summary?from=${FROM}&to=${TO}`, admin)).body;
    expect(emptied.totals.pointsIssued).toBe(0);
    const result = await rebuild();
    // Sales on three store-days (seedChain): A and B on 11-23, A on 11-24.
    expect(result).toMatchObject({ from: FROM, to: TO, salesRows: 3 });
    expect(await reports()).toEqual(before);
    expect(await rollupRows()).toEqual(rowsBefore);
    await rebuild();
    expect(await reports()).toEqual(before);
    expect(await rollupRows()).toEqual(rowsBefore);
  });

  test('When the period reaches today or is not a period, Then it is refused and nothing changes', async () => {
    const rowsBefore = await rollupRows();
    await expect(rebuild(TO, TO)).rejects.toMatchObject({ code: 'BACKFILL_PERIOD_OPEN' });
    await expect(rebuild(TO, '2026-11-24')).rejects.toMatchObject({ code: 'BACKFILL_PERIOD_OPEN' });
    await expect(rebuild('2026-11-22')).rejects.toMatchObject({ code: 'INVALID_PERIOD' });
    expect(await rollupRows()).toEqual(rowsBefore);
  });
});

describe('Bad periods', () => {
  test.each([
    ['from after to', `from=${TO}&to=${FROM}`, 400, 'INVALID_PERIOD'],
    ['longer than 366 days', 'from=2025-01-01&to=2026-01-02', 400, 'INVALID_PERIOD'],
    // Impossible dates are refused by the query schema itself, as on every route that takes a date.
    ['not a calendar date', 'from=2026-02-30&to=2026-03-01', 400, 'VALIDATION_FAILED'],
    ['no from', `to=${TO}`, 400, 'VALIDATION_FAILED'],
  ])('When the period is %s, Then %s %s', async (_name, query, status, code) => {
    for (const path of ['summary', 'daily', 'breakage', 'coupons', 'rewards', 'referral-funnel']) {
      const res = await bff.api.get(`/api/admin/reports/${path}?${query}`, admin);
      expect([res.status, res.body.error.code]).toEqual([status, code]);
    }
  });

  test('When the daily report names an unknown store, Then 404 STORE_NOT_FOUND', async () => {
    const res = await bff.api.get(`/api/admin/reports/daily?from=${FROM}&to=${TO}&storeId=NOPE`, admin);
    expect([res.status, res.body.error.code]).toEqual([404, 'STORE_NOT_FOUND']);
  });

  test('When a period of exactly 366 days is asked, Then it is answered', async () => {
    expect((await bff.api.get('/api/admin/reports/summary?from=2025-11-25&to=2026-11-25', admin)).status).toBe(200);
  });
});

describe('CLI export', () => {
  /** `npm run cli -- …` as an operator runs it (async: the in-process BFF keeps serving meanwhile). */
  const cli = (...args: string[]) =>
    new Promise<{ status: number; out: string; err: string }>((resolve) => {
      const root = join(__dirname, '..', '..');
      execFile(
        process.execPath,
        ['--require', 'tsx/cjs', join(root, 'scripts/src/cli.ts'), ...args],
        {
          cwd: root,
          timeout: 120_000,
          env: {
            PATH: process.env.PATH ?? '',
            DATABASE_URL: bff.config.DATABASE_URL,
            JWT_SECRET: bff.config.JWT_SECRET,
            DATA_KEY: bff.config.DATA_KEY,
            WECHAT_APPID: bff.config.WECHAT_APPID,
            WECHAT_SECRET: bff.config.WECHAT_SECRET,
          },
        },
        (error, out, err) => resolve({ status: error ? Number(error.code ?? 1) : 0, out, err }),
      );
    });

  test('When the summary is exported with --out, Then the file is the CSV the API serves; a bad period exits non-zero with one line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tk-report-')), 'summary.csv');
    const run = await cli('report', 'summary', '--from', FROM, '--to', TO, '--out', file);
    expect(run.status).toBe(0);
    const api = await bff.api.get(`/api/admin/reports/summary?from=${FROM}&to=${TO}&format=csv`, admin);
    expect(readFileSync(file, 'utf8')).toBe(api.body);
    const bad = await cli('report', 'summary', '--from', TO, '--to', FROM);
    expect(bad.status).not.toBe(0);
    expect(bad.err.trim().split('\n').at(-1)).toMatch(/^INVALID_PERIOD: /);
  }, 240_000);

  test('When the rollups are rebuilt from the CLI, Then it prints what it wrote and the summary reads the same', async () => {
    const before = (await bff.api.get(`/api/admin/reports/summary?from=${FROM}&to=${TO}`, admin)).body;
    const run = await cli('backfill-reports', '--from', FROM, '--to', TO);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.out.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ from: FROM, to: TO, salesRows: 3 });
    expect((await bff.api.get(`/api/admin/reports/summary?from=${FROM}&to=${TO}`, admin)).body).toEqual(before);
  }, 240_000);

  test('When a job is run from the CLI, Then it prints its result; an unknown job exits non-zero with one line', async () => {
    // Nothing had expired by the first day's midnight: the run processes nothing and changes nothing.
    const run = await cli('job', 'expire-points', '--as-of', '2026-11-22T16:00:00Z');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.out.trim().split('\n').at(-1) ?? '{}')).toEqual({ job: 'expire-points', processed: 0 });
    const bad = await cli('job', 'no-such-job');
    expect(bad.status).not.toBe(0);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err.trim()).toMatch(/^JOB_NOT_FOUND: /);
  }, 240_000);
});

describe('A seeded random chain', () => {
  const RFROM = '2026-11-26';
  const RTO = '2026-11-28';
  /** mulberry32: the same seed gives the same checkouts, refunds and expiry on every run. */
  const random = (() => {
    let seed = 20261126;
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
  })();
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];

  beforeAll(async () => {
    const members = [await createMember(bff), await createMember(bff), await createMember(bff)];
    clock.advance(DAY); // 2026-11-26 12:00 in Shanghai
    // A lot that expires on the second day; the expiry job runs at noon on the third.
    await inTransaction(bff.db.dataSource, (tx) =>
      earnPoints(tx, {
        memberId: members[0].id,
        storeId: storeB,
        points: 300,
        idempotencyKey: 'report-random-lot',
        earnedAt: clock.now(),
        expiresAt: new Date(clock.now().getTime() + DAY),
      }),
    );
    // A member who only holds 45 points expiring in 30 days: the one lot inside the 90-day forecast.
    const holder = await createMember(bff);
    await inTransaction(bff.db.dataSource, (tx) =>
      earnPoints(tx, {
        memberId: holder.id,
        storeId: storeA,
        points: 45,
        idempotencyKey: 'report-forecast-lot',
        earnedAt: clock.now(),
        expiresAt: new Date(clock.now().getTime() + 30 * DAY), // 2026-12-26 12:00 in Shanghai
      }),
    );
    for (let day = 0; day < 3; day++) {
      if (day === 2) {
        const expiry = await bff.api.post('/api/admin/jobs/expire-points/run', {}, { token: admin });
        expect(expiry.status).toBe(200);
      }
      for (let i = 0; i < 5; i++) {
        const [clerk, storeId] = pick([
          [clerkA, storeA],
          [clerkB, storeB],
        ] as const);
        const member = pick(members);
        const amountFen = 500 + Math.floor(random() * 200) * 100;
        const held = (await bff.api.get('/api/me', member.token)).body.points as number;
        const redeemPoints = random() < 0.4 ? Math.floor(random() * Math.min(held, amountFen / 2)) : 0;
        const sale = await buy(clerk, storeId, member, { amountFen, redeemPoints });
        if (random() < 0.3) {
          const back = 100 + Math.floor(random() * (amountFen / 100 - 1)) * 100;
          expect((await refund(bff, clerk, storeId, sale.checkoutId, { amountFen: back })).status).toBe(200);
        }
        clock.advance(3_600_000);
      }
      clock.advance(DAY - 5 * 3_600_000);
    }
  });

  test('When HQ reads the summary and the daily series, Then every figure equals plain SQL over the ledger transfers', async () => {
    const res = await bff.api.get(`/api/admin/reports/summary?from=${RFROM}&to=${RTO}`, admin);
    expect(res.status).toBe(200);
    for (const storeId of [storeA, storeB]) {
      const row = res.body.stores.find((s: { storeId: string }) => s.storeId === storeId);
      expect(row).toMatchObject(await fromTransfers(RFROM, RTO, storeId));
      expect(row.liabilityPoints).toBe(await heldInLots(storeId, 'POINTS'));
    }
    const totals = await fromTransfers(RFROM, RTO, null);
    expect(res.body.totals).toMatchObject(totals);
    expect(totals.pointsIssued).toBeGreaterThan(0);
    expect(totals.pointsExpired).toBeGreaterThan(0);
    expect(totals.pointsRedeemed).toBeGreaterThan(0);
    const daily = await bff.api.get(`/api/admin/reports/daily?from=${RFROM}&to=${RTO}&storeId=${storeA}`, admin);
    expect(daily.body.items.map((i: { date: string }) => i.date)).toEqual([RFROM, '2026-11-27', RTO]);
    for (const day of daily.body.items) expect(day).toMatchObject(await fromTransfers(day.date, day.date, storeA));
  });

  test('When HQ reads breakage on the next day, Then the forecast puts the 45 points in the week of 20–26 December', async () => {
    const res = await bff.api.get(`/api/admin/reports/breakage?from=${RFROM}&to=${RTO}`, admin);
    expect(res.body.forecast[0]).toEqual({ from: '2026-11-29', to: '2026-12-05', points: 0 });
    expect(res.body.forecast[3]).toEqual({ from: '2026-12-20', to: '2026-12-26', points: 45 });
    expect(res.body.forecastTotalPoints).toBe(45);
  });
});
