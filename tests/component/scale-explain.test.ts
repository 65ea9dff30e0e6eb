import { memberCodeAt } from '@tongka/shared-types';
import { format } from 'mysql2';
import { issueMemberToken } from '../../bff/src/auth/tokens';
import { execute, select } from '../../bff/src/db/tx';
import { cloneId, cloneMemberCodeId, cloneTemplate, dropCloneHelpers } from '../../scripts/src/bench/scale-clone';
import { claimed, createTemplate } from '../support/coupon-fixtures';
import {
  buyer,
  createMember,
  grantPoints,
  MovableClock,
  refund,
  type TestMember,
  topUp,
  twoStores,
} from '../support/instore-fixtures';
import { type RecordedStatement, SqlRecorder } from '../support/sql-recorder';
import { bootTestBff, type TestBff } from '../support/test-bff';

// Every member-facing read must be served by an index that starts with the member (or their
// wallet account): on a chain of ~12,000 members and ~80,000 transfers, each statement a read
// sends is run through MariaDB's ANALYZE and fails on a full scan or on examining many rows.
//
// Adding a read is one line in `memberReads` below: a name and the HTTP call, for the clone
// member `m` (its token, code and id are there) or the clone `referrer` who invited nine.

const TEMPLATE_MEMBERS = 10;
const COPIES = 1200;
/** A member's own rows are a few dozen; a chain-wide plan reads thousands. */
const MAX_ROWS_EXAMINED = 200;
/** Tables sized by configuration, not by the chain's members or movements. */
const SMALL_TABLES = new Set(['rule_versions']);

const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let stage: Awaited<ReturnType<typeof twoStores>>;
let recorder: SqlRecorder;
/** A clone member in the middle of the chain, with what the reads need. */
let m: TestMember & { code: () => string };
/** The template member `m` is a copy of. */
let original: TestMember;
/** A clone of the template member who invited the other nine (their copies are its invitees). */
let referrer: { id: string; token: string };

const buy = buyer(() => bff, 'X');

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  stage = await twoStores(bff);
  const template = await seedTemplate();
  await cloneTemplate({ url: bff.db.url, memberIds: template.map((t) => t.id), fromCopy: 1, toCopy: COPIES });
  await dropCloneHelpers(bff.db.url);
  // Reads happen ten days before the chain's lots fall due: "expiring soon" then covers them all.
  const [due] = await select<{ at: Date }>(bff.db.dataSource.manager, 'SELECT MIN(expires_at) AS at FROM ledger_lots');
  clock.set(new Date(new Date(due.at).getTime() - 10 * 86_400_000));
  const copy = COPIES / 2;
  original = template[3];
  const secret = (await bff.api.get('/api/me/member-code-secret', template[3].token)).body.secret;
  const [clone] = await select<{ id: string; member_code_id: number }>(
    bff.db.dataSource.manager,
    'SELECT id, member_code_id FROM members WHERE member_code_id = ?',
    [cloneMemberCodeId(TEMPLATE_MEMBERS, copy, 3)],
  );
  m = {
    id: clone.id,
    memberCodeId: Number(clone.member_code_id),
    token: issueMemberToken(bff.config.JWT_SECRET, clone.id),
    code: () => {
      clock.advance(30_000);
      return memberCodeAt(Number(clone.member_code_id), secret, clock.now().getTime());
    },
  };
  const referrerId = cloneId(template[0].id, copy);
  referrer = { id: referrerId, token: issueMemberToken(bff.config.JWT_SECRET, referrerId) };
  recorder = new SqlRecorder(bff.db.dataSource);
}, 120_000);
afterAll(() => bff?.close());

/**
 * Ten members made through the real use cases: top-up, grants, purchases at both stores, a refund,
 * a claimed coupon; the first invited the other nine (the edges a sign-up with its code records).
 */
async function seedTemplate(): Promise<TestMember[]> {
  const { storeA, storeB, clerkA, clerkB } = stage;
  const coupon = await createTemplate(bff, stage.admin, { validDays: 365 });
  const members: TestMember[] = [];
  for (let i = 0; i < TEMPLATE_MEMBERS; i++) {
    const member = await createMember(bff);
    await topUp(bff, member.id, storeA, 10_000);
    await grantPoints(bff, member.id, storeA, 500);
    await buy(clerkA, storeA, member, { amountFen: 5_000 });
    const sale = await buy(clerkB, storeB, member, { amountFen: 3_000, redeemPoints: 100, storedValueFen: 1_000 });
    if (i % 2 === 0)
      expect((await refund(bff, clerkB, storeB, sale.checkoutId, { amountFen: 1_000 })).status).toBe(200);
    await claimed(bff, member, coupon.id);
    members.push(member);
  }
  for (const invitee of members.slice(1)) await invitedBy(members[0].id, invitee.id);
  return members;
}

async function invitedBy(referrerId: string, refereeId: string): Promise<void> {
  const db = bff.db.dataSource.manager;
  await execute(db, 'UPDATE members SET referrer_id = ? WHERE id = ?', [referrerId, refereeId]);
  await execute(
    db,
    'INSERT INTO referral_attributions (referee_id, referrer_id, staff_store_id, device_id, payer_ref, first_paid_at, created_at) VALUES (?, ?, NULL, NULL, NULL, NULL, ?)',
    [refereeId, referrerId, clock.now()],
  );
}

interface PlanRow {
  table: string | null;
  type: string | null;
  key: string | null;
  rows: number | null;
  r_rows: number | null;
}

/** What is wrong with one statement's plan (empty: served from the member's own rows). */
async function planProblems(statement: RecordedStatement): Promise<string[]> {
  const plan = await select<PlanRow>(
    bff.db.dataSource.manager,
    `ANALYZE ${format(statement.sql, statement.params as never[])}`,
  );
  const problems: string[] = [];
  for (const row of plan) {
    const table = row.table ?? '';
    if (table.startsWith('<') || SMALL_TABLES.has(table)) continue; // the member's own derived rows
    if (row.type === 'ALL' || row.type === 'index') problems.push(`${table}: full scan (type ${row.type})`);
    const examined = Number(row.r_rows ?? 0);
    if (examined > MAX_ROWS_EXAMINED) problems.push(`${table}: ${examined} rows examined via ${row.key}`);
  }
  return problems;
}

/** The reads of one call: every SELECT it sent, with the plan's problems. */
async function readsOf(call: () => Promise<{ status: number; body?: unknown }>) {
  let status = 0;
  let body: unknown;
  const statements = await recorder.during(async () => {
    const res = await call();
    status = res.status;
    body = res.body;
  });
  const reads = statements.filter((s) => /^\s*(\(\s*)?SELECT\b/i.test(s.sql));
  const problems = [];
  for (const read of reads) {
    const found = await planProblems(read);
    if (found.length > 0) problems.push({ sql: read.sql.replace(/\s+/g, ' '), found });
  }
  return { status, body, reads, problems };
}

const memberReads: Array<[string, () => Promise<{ status: number }>, string[]]> = [
  // [name, the call, tables its reads must touch (so a read that moved elsewhere is noticed)]
  [
    'GET /api/me (balances, expiring soon, overview)',
    () => bff.api.get('/api/me', m.token),
    ['ledger_lots', 'ledger_accounts'],
  ],
  [
    'GET /api/me/ledger points',
    () => bff.api.get('/api/me/ledger?asset=POINTS&limit=3', m.token),
    ['ledger_transfers'],
  ],
  ['GET /api/me/ledger stored value', () => bff.api.get('/api/me/ledger?asset=CNY', m.token), ['ledger_transfers']],
  [
    'POST scan (the cashier sheet)',
    () => bff.api.post(`/api/stores/${stage.storeA}/scan`, { code: m.code() }, { token: stage.clerkA.token }),
    ['members', 'ledger_accounts'],
  ],
  ['GET /api/me/coupons', () => bff.api.get('/api/me/coupons', m.token), ['coupons']],
  ['GET /api/me/coupons used', () => bff.api.get('/api/me/coupons?status=used', m.token), ['coupons']],
  [
    'GET /api/me/referral (an invitee)',
    () => bff.api.get('/api/me/referral', m.token),
    ['members', 'referral_rebates'],
  ],
  [
    'GET /api/me/referral (the referrer of nine)',
    () => bff.api.get('/api/me/referral', referrer.token),
    ['members', 'referral_attributions', 'referral_rebates'],
  ],
];

describe('Member-facing reads on a chain of ~12,000 members and ~80,000 transfers', () => {
  test('When the chain is seeded, Then it is as large as the checks need and the clone is a real member', async () => {
    const [counts] = await select<{ members: number; transfers: number; lots: number }>(
      bff.db.dataSource.manager,
      `SELECT (SELECT COUNT(*) FROM members) AS members, (SELECT COUNT(*) FROM ledger_transfers) AS transfers,
              (SELECT COUNT(*) FROM ledger_lots) AS lots`,
    );
    expect(Number(counts.members)).toBeGreaterThan(12_000);
    expect(Number(counts.transfers)).toBeGreaterThan(50 * MAX_ROWS_EXAMINED);
    expect(Number(counts.lots)).toBeGreaterThan(20 * MAX_ROWS_EXAMINED);
    const me = await bff.api.get('/api/me', m.token);
    const theirs = await bff.api.get('/api/me', original.token);
    expect(me.status).toBe(200);
    // Member 3 topped up 10,000 fen and paid 1,000 of it at B (no refund for odd members).
    expect(me.body.storedValueFen).toBe(9_000);
    expect(me.body.points).toBe(theirs.body.points);
    expect(me.body.expiringSoon).toEqual(theirs.body.expiringSoon);
    expect(me.body.expiringSoon.length).toBeGreaterThan(0);
    // Every template member claimed one coupon; the first invited the nine others.
    const [coupons] = await select<{ chain: number; mine: number }>(
      bff.db.dataSource.manager,
      'SELECT COUNT(*) AS chain, SUM(CASE WHEN member_id = ? THEN 1 ELSE 0 END) AS mine FROM coupons',
      [m.id],
    );
    expect(Number(coupons.chain)).toBeGreaterThan(12_000);
    expect(Number(coupons.mine)).toBe(1);
    expect((await bff.api.get('/api/me/referral', referrer.token)).body.invitedCount).toBe(9);
  });

  test.each(memberReads)('When %s runs, Then each of its reads starts from the member', async (_name, call, tables) => {
    const { status, body, reads, problems } = await readsOf(call);
    expect({ status, body }).toMatchObject({ status: 200 });
    for (const table of tables) expect(reads.some((read) => read.sql.includes(table))).toBe(true);
    expect(problems).toEqual([]);
  });

  test('When the expiring-soon read is asked without the member index, Then the check catches the chain-wide plan', async () => {
    const { reads } = await readsOf(() => bff.api.get('/api/me', m.token));
    const expiring = reads.find((read) => read.sql.includes('ledger_lots'))!;
    const forced = {
      ...expiring,
      sql: expiring.sql.replace('FROM ledger_lots', 'FROM ledger_lots IGNORE INDEX (ix_ledger_lots_member)'),
    };
    expect((await planProblems(forced)).length).toBeGreaterThan(0);
  });
});
