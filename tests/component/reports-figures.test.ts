import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inTransaction, sqlParams } from '../../bff/src/db/tx';
import { creditStoredValue, earnPoints } from '../../bff/src/domain/ledger';
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

describe('Bad periods', () => {
  test.each([
    ['from after to', `from=${TO}&to=${FROM}`, 400, 'INVALID_PERIOD'],
    ['longer than 366 days', 'from=2025-01-01&to=2026-01-02', 400, 'INVALID_PERIOD'],
    // Impossible dates are refused by the query schema itself, as on every route that takes a date.
    ['not a calendar date', 'from=2026-02-30&to=2026-03-01', 400, 'VALIDATION_FAILED'],
    ['no from', `to=${TO}`, 400, 'VALIDATION_FAILED'],
  ])('When the period is %s, Then %s %s', async (_name, query, status, code) => {
    for (const path of ['summary', 'daily', 'breakage']) {
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
});
