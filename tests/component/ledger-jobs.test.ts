import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { execute, select } from '../../bff/src/db/tx';
import {
  clawBackPoints,
  creditStoredValue,
  earnPoints,
  expiryFor,
  getMemberBalances,
  moveMemberInto,
  spendPoints,
  undoMemberMove,
} from '../../bff/src/domain/ledger';
import { expireAllDue, runJob } from '../../bff/src/jobs';
import { type FakeWechat, startFakeWechat } from '../../scripts/src/fake-wechat';
import { createMember, createStore, expectBalancedLedger, inLedgerTx, newKey } from '../support/ledger-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

let fake: FakeWechat;
let bff: TestBff;
let ds: DataSource;
let store: string;
const TEMPLATE = 'tmpl-points-expiring-0001';

beforeAll(async () => {
  fake = await startFakeWechat({ keysDir: join(__dirname, '../../.keys/test-fake-wechat') });
  bff = await bootTestBff({
    config: {
      WECHAT_APPID: fake.appid,
      WECHAT_SECRET: fake.secret,
      WECHAT_API_BASE: fake.url,
      WECHAT_TEMPLATE_POINTS_EXPIRING: TEMPLATE,
    },
  });
  ds = bff.db.dataSource;
  store = await createStore(ds);
});
afterAll(async () => {
  await bff?.close();
  await fake?.close();
});

const earn = (memberId: string, points: number, expiresAt?: Date) =>
  inLedgerTx(ds, (tx) =>
    earnPoints(tx, {
      memberId,
      storeId: store,
      points,
      idempotencyKey: newKey(),
      earnedAt: new Date('2026-01-01T00:00:00Z'),
      expiresAt,
    }),
  );

/** A member WeChat knows, with one accepted subscription to the reminder template. */
async function subscribedMember(): Promise<{ memberId: string; openid: string }> {
  const memberId = await createMember(ds);
  const openid = `o-${memberId.slice(-12)}`;
  fake.issueLoginCode(openid);
  const now = new Date();
  await execute(
    ds.manager,
    'INSERT INTO member_identities (id, member_id, appid, openid, unionid, session_key_enc, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, NULL, ?, ?)',
    [ulid(), memberId, fake.appid, openid, now, now],
  );
  await execute(
    ds.manager,
    'INSERT INTO subscriptions (id, member_id, template_id, accepted_count, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)',
    [ulid(), memberId, TEMPLATE, now, now],
  );
  return { memberId, openid };
}

const acceptsOf = async (memberId: string) =>
  Number(
    (
      await select<{ n: number | string | null }>(
        ds.manager,
        'SELECT SUM(accepted_count) AS n FROM subscriptions WHERE member_id = ?',
        [memberId],
      )
    )[0].n ?? 0,
  );

const outboxOf = (memberId: string) =>
  select<{ id: string; status: string; attempts: number; dedupe_key: string; last_error: string | null }>(
    ds.manager,
    "SELECT id, status, attempts, dedupe_key, last_error FROM outbox WHERE kind = 'points-expiring' AND dedupe_key LIKE ?",
    [`points-expiring:${memberId}:%`],
  );

describe('expiry reminders and send-outbox', () => {
  test('When points expire within 7 days, Then one reminder per member and day is queued and sent through WeChat', async () => {
    const { memberId, openid } = await subscribedMember();
    await earn(memberId, 42, new Date('2026-06-05T16:00:00Z'));
    const asOf = new Date('2026-06-01T02:00:00Z');
    await runJob(bff.deps, 'expire-points', { asOf });
    await runJob(bff.deps, 'expire-points', { asOf: new Date(asOf.getTime() + 3600_000) });
    const queued = await outboxOf(memberId);
    expect(queued).toEqual([
      expect.objectContaining({ status: 'pending', dedupe_key: `points-expiring:${memberId}:2026-06-01` }),
    ]);
    const sent = await runJob(bff.deps, 'send-outbox', { asOf: new Date() });
    expect(sent.processed).toBeGreaterThanOrEqual(1);
    expect((await outboxOf(memberId))[0].status).toBe('sent');
    const messages = fake.state.subscribeMessages.filter((m) => m.touser === openid);
    expect(messages).toEqual([
      expect.objectContaining({
        template_id: TEMPLATE,
        data: expect.objectContaining({ number2: { value: '42' }, date3: { value: '2026年6月6日' } }),
      }),
    ]);
  });

  test('When WeChat is busy (-1), Then the message stays pending with a later attempt, and the next run sends it', async () => {
    const { memberId, openid } = await subscribedMember();
    await earn(memberId, 9, new Date('2026-07-03T00:00:00Z'));
    await runJob(bff.deps, 'expire-points', { asOf: new Date('2026-07-01T00:00:00Z') });
    fake.failNext({ path: '/cgi-bin/message/subscribe/send', errcode: -1, errmsg: 'system busy' });
    const now = new Date();
    await runJob(bff.deps, 'send-outbox', { asOf: now });
    const [afterFailure] = await outboxOf(memberId);
    expect(afterFailure).toMatchObject({ status: 'pending', attempts: 1 });
    expect(afterFailure.last_error).toContain('-1');
    // The failed try did not use the accept: it is kept for the retry.
    expect(await acceptsOf(memberId)).toBe(1);
    await runJob(bff.deps, 'send-outbox', { asOf: new Date(now.getTime() + 3 * 3600_000) });
    expect((await outboxOf(memberId))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.state.subscribeMessages.filter((m) => m.touser === openid)).toHaveLength(1);
    expect(await acceptsOf(memberId)).toBe(0);
  });

  test('When WeChat says the member has no subscription left (43101), Then the message fails and the accept is not given back', async () => {
    const { memberId, openid } = await subscribedMember();
    await earn(memberId, 7, new Date('2026-07-13T00:00:00Z'));
    await runJob(bff.deps, 'expire-points', { asOf: new Date('2026-07-11T00:00:00Z') });
    fake.failNext({ path: '/cgi-bin/message/subscribe/send', errcode: 43101, errmsg: 'user refuse to accept the msg' });
    await runJob(bff.deps, 'send-outbox', { asOf: new Date() });
    expect((await outboxOf(memberId))[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await acceptsOf(memberId)).toBe(0);
    expect(fake.state.subscribeMessages.filter((m) => m.touser === openid)).toHaveLength(0);
  });

  test('When the member never allowed reminders, Then none is queued for them', async () => {
    const memberId = await createMember(ds);
    await earn(memberId, 5, new Date('2026-08-03T00:00:00Z'));
    await runJob(bff.deps, 'expire-points', { asOf: new Date('2026-08-01T00:00:00Z') });
    expect(await outboxOf(memberId)).toEqual([]);
  });

  test('When two days queue reminders on one accept, Then one is sent and the other fails without retrying', async () => {
    const { memberId, openid } = await subscribedMember();
    await earn(memberId, 6, new Date('2026-08-13T00:00:00Z'));
    await runJob(bff.deps, 'expire-points', { asOf: new Date('2026-08-10T02:00:00Z') });
    await runJob(bff.deps, 'expire-points', { asOf: new Date('2026-08-11T02:00:00Z') });
    expect(await outboxOf(memberId)).toHaveLength(2);
    await runJob(bff.deps, 'send-outbox', { asOf: new Date() });
    const rows = await outboxOf(memberId);
    expect(rows.map((row) => row.status).sort()).toEqual(['failed', 'sent']);
    expect(rows.find((row) => row.status === 'failed')).toMatchObject({ attempts: 1 });
    expect(fake.state.subscribeMessages.filter((m) => m.touser === openid)).toHaveLength(1);
  });
});

describe('expiry rule', () => {
  test('When the rule is end-of-year, Then points expire at the start of next year in Shanghai', () => {
    expect(
      expiryFor(new Date('2026-12-31T15:59:00Z'), { rule: 'end-of-year', timeZone: 'Asia/Shanghai' }).toISOString(),
    ).toBe('2026-12-31T16:00:00.000Z');
    expect(
      expiryFor(new Date('2026-12-31T16:00:00Z'), { rule: 'end-of-year', timeZone: 'Asia/Shanghai' }).toISOString(),
    ).toBe('2027-12-31T16:00:00.000Z');
  });

  test('When earned on 31 January with a 1-month rule, Then it lives to the end of the last day of February', () => {
    expect(
      expiryFor(new Date('2027-01-31T04:00:00Z'), {
        rule: 'months',
        months: 1,
        timeZone: 'Asia/Shanghai',
      }).toISOString(),
    ).toBe('2027-02-28T16:00:00.000Z');
  });

  test('When HQ stored a rule, Then earns read it', async () => {
    await execute(ds.manager, "UPDATE ledger_settings SET value = ? WHERE name = 'points_expiry_rule'", [
      JSON.stringify({ rule: 'end-of-year', timeZone: 'Asia/Shanghai' }),
    ]);
    const memberId = await createMember(ds);
    const earned = await inLedgerTx(ds, (tx) =>
      earnPoints(tx, {
        memberId,
        storeId: store,
        points: 1,
        idempotencyKey: newKey(),
        earnedAt: new Date('2026-05-05T00:00:00Z'),
      }),
    );
    const [lot] = await select<{ expires_at: Date }>(ds.manager, 'SELECT expires_at FROM ledger_lots WHERE id = ?', [
      earned.lotId,
    ]);
    expect(new Date(lot.expires_at).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    await execute(ds.manager, "UPDATE ledger_settings SET value = ? WHERE name = 'points_expiry_rule'", [
      JSON.stringify({ rule: 'months', months: 24, timeZone: 'Asia/Shanghai' }),
    ]);
  });
});

describe('member merge moves', () => {
  test('When a member is merged, Then points, stored value, debt and lots move with store and expiry kept; undo moves them back', async () => {
    const from = await createMember(ds);
    const to = await createMember(ds);
    await earn(from, 80, new Date('2027-03-01T00:00:00Z'));
    await inLedgerTx(ds, (tx) =>
      creditStoredValue(tx, {
        at: new Date(),
        memberId: from,
        storeId: store,
        fen: 1500,
        idempotencyKey: newKey(),
        kind: 'TOPUP',
      }),
    );
    await earn(to, 10);
    const other = await createMember(ds);
    await inLedgerTx(ds, (tx) =>
      clawBackPoints(tx, { at: new Date(), memberId: other, storeId: store, points: 7, idempotencyKey: newKey() }),
    );
    const mergeId = ulid();
    const moved = await inLedgerTx(ds, (tx) =>
      moveMemberInto(tx, { at: new Date(), fromMemberId: from, toMemberId: to, mergeId }),
    );
    expect(moved.moved).toEqual({ points: 80, storedValueFen: 1500, pointsDebt: 0, lots: 2 });
    expect(await getMemberBalances(ds.manager, to)).toMatchObject({ points: 90, storedValueFen: 1500 });
    expect(await getMemberBalances(ds.manager, from)).toMatchObject({ points: 0, storedValueFen: 0 });
    const again = await inLedgerTx(ds, (tx) =>
      moveMemberInto(tx, { at: new Date(), fromMemberId: from, toMemberId: to, mergeId }),
    );
    expect(again).toEqual(moved);
    const debtMerge = ulid();
    await inLedgerTx(ds, (tx) =>
      moveMemberInto(tx, { at: new Date(), fromMemberId: other, toMemberId: to, mergeId: debtMerge }),
    );
    expect(await getMemberBalances(ds.manager, to)).toMatchObject({ pointsDebt: 7 });
    await inLedgerTx(ds, (tx) => undoMemberMove(tx, { at: new Date(), mergeId: debtMerge }));
    await inLedgerTx(ds, (tx) => undoMemberMove(tx, { at: new Date(), mergeId }));
    expect(await getMemberBalances(ds.manager, from)).toMatchObject({ points: 80, storedValueFen: 1500 });
    expect(await getMemberBalances(ds.manager, to)).toMatchObject({ points: 10, storedValueFen: 0, pointsDebt: 0 });
    expect(await getMemberBalances(ds.manager, other)).toMatchObject({ pointsDebt: 7 });
    await expectBalancedLedger(ds);
  });

  test('When the survivor already spent merged points, Then undo is MERGE_NOT_UNDOABLE with the shortfall and nothing moves', async () => {
    const from = await createMember(ds);
    const to = await createMember(ds);
    await earn(from, 50);
    const mergeId = ulid();
    await inLedgerTx(ds, (tx) => moveMemberInto(tx, { at: new Date(), fromMemberId: from, toMemberId: to, mergeId }));
    await inLedgerTx(ds, (tx) =>
      spendPoints(tx, { at: new Date(), memberId: to, storeId: store, points: 35, idempotencyKey: newKey() }),
    );
    await expect(inLedgerTx(ds, (tx) => undoMemberMove(tx, { at: new Date(), mergeId }))).rejects.toMatchObject({
      code: 'MERGE_NOT_UNDOABLE',
      details: { asset: 'POINTS', shortfall: 35 },
    });
    expect(await getMemberBalances(ds.manager, to)).toMatchObject({ points: 15 });
    expect(await getMemberBalances(ds.manager, from)).toMatchObject({ points: 0 });
  });

  test('When the survivor already repaid debt the merge moved, Then undo is MERGE_NOT_UNDOABLE and nothing moves', async () => {
    const from = await createMember(ds);
    const to = await createMember(ds);
    await inLedgerTx(ds, (tx) =>
      clawBackPoints(tx, { at: new Date(), memberId: from, storeId: store, points: 12, idempotencyKey: newKey() }),
    );
    const mergeId = ulid();
    await inLedgerTx(ds, (tx) => moveMemberInto(tx, { at: new Date(), fromMemberId: from, toMemberId: to, mergeId }));
    expect(await getMemberBalances(ds.manager, to)).toMatchObject({ pointsDebt: 12 });
    await earn(to, 5); // repays 5 of the 12
    await expect(inLedgerTx(ds, (tx) => undoMemberMove(tx, { at: new Date(), mergeId }))).rejects.toMatchObject({
      code: 'MERGE_NOT_UNDOABLE',
      details: { asset: 'POINTS', shortfall: 5 },
    });
    expect(await getMemberBalances(ds.manager, to)).toMatchObject({ points: 0, pointsDebt: 7 });
    expect(await getMemberBalances(ds.manager, from)).toMatchObject({ pointsDebt: 0 });
    await expectBalancedLedger(ds);
  });
});

describe('expiry in batches', () => {
  const CRASH_TRIGGER = 'tk_test_crash_mid_expiry';
  const asOf = new Date('2020-01-10T00:00:00Z');
  // Lots due long before every other lot of this file, so only they are due at asOf.
  const earnDue = (memberId: string, points: number, expiresAt: string) =>
    inLedgerTx(ds, (tx) =>
      earnPoints(tx, {
        memberId,
        storeId: store,
        points,
        idempotencyKey: newKey(),
        earnedAt: new Date('2019-12-01T00:00:00Z'),
        expiresAt: new Date(expiresAt),
      }),
    );
  const expireTransfersOf = (memberId: string) =>
    select<{ n: number | string; total: number | string | null; lots: number | string }>(
      ds.manager,
      `SELECT COUNT(*) AS n, SUM(t.amount) AS total, COUNT(DISTINCT t.cause_id) AS lots FROM ledger_transfers t
         JOIN ledger_accounts a ON a.id = t.from_account_id WHERE t.kind = 'EXPIRE' AND a.owner_id = ?`,
      [memberId],
    ).then(([row]) => ({ transfers: Number(row.n), points: Number(row.total ?? 0), lots: Number(row.lots) }));

  afterAll(() => execute(ds.manager, `DROP TRIGGER IF EXISTS ${CRASH_TRIGGER}`));

  test('When a run dies in the middle of a batch, Then that batch leaves nothing behind and the re-run expires each lot exactly once', async () => {
    const a = await createMember(ds);
    const b = await createMember(ds);
    // Due order (expires_at, id): a1 b1 a2 b2 | a3 b3 a4 b4 | a5 b5 in batches of 4.
    for (let day = 1; day <= 5; day++) {
      await earnDue(a, day, `2020-01-0${day}T00:00:00Z`);
      await earnDue(b, day * 10, `2020-01-0${day}T01:00:00Z`);
    }
    const [b4] = await select<{ id: string }>(
      ds.manager,
      'SELECT l.id FROM ledger_lots l JOIN ledger_accounts w ON w.id = l.account_id WHERE w.owner_id = ? AND l.amount = 40',
      [b],
    );
    // The second batch fails after its transfers are written, when it zeroes lot b4.
    await execute(
      ds.manager,
      `CREATE TRIGGER ${CRASH_TRIGGER} BEFORE UPDATE ON ledger_lots FOR EACH ROW
         IF NEW.remaining = 0 AND OLD.id = '${b4.id}' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'crash'; END IF`,
    );
    await expect(expireAllDue(ds, asOf, 4)).rejects.toThrow('crash');
    // The first batch (a1 a2, b1 b2) committed; nothing of the second stayed.
    expect(await getMemberBalances(ds.manager, a)).toMatchObject({ points: 15 - 3 });
    expect(await getMemberBalances(ds.manager, b)).toMatchObject({ points: 150 - 30 });
    expect(await expireTransfersOf(a)).toEqual({ transfers: 2, points: 3, lots: 2 });
    expect(await expireTransfersOf(b)).toEqual({ transfers: 2, points: 30, lots: 2 });
    await execute(ds.manager, `DROP TRIGGER ${CRASH_TRIGGER}`);

    // A re-run from the start (its checkpoint lost) walks the first batch again and skips it.
    expect(await expireAllDue(ds, asOf, 4)).toBe(6);
    expect(await getMemberBalances(ds.manager, a)).toMatchObject({ points: 0 });
    expect(await getMemberBalances(ds.manager, b)).toMatchObject({ points: 0 });
    expect(await expireTransfersOf(a)).toEqual({ transfers: 5, points: 15, lots: 5 });
    expect(await expireTransfersOf(b)).toEqual({ transfers: 5, points: 150, lots: 5 });
    expect(await expireAllDue(ds, asOf, 4)).toBe(0);
    await expectBalancedLedger(ds);
  });
});

test('When the outbox holds a kind nobody registered a sender for, Then send-outbox leaves it pending', async () => {
  const id = ulid();
  const now = new Date();
  await execute(
    ds.manager,
    "INSERT INTO outbox (id, kind, dedupe_key, payload, status, attempts, next_attempt_at, last_error, created_at) VALUES (?, 'some-other-kind', ?, '{}', 'pending', 0, ?, NULL, ?)",
    [id, `other:${id}`, now, now],
  );
  await runJob(bff.deps, 'send-outbox', { asOf: new Date(now.getTime() + 1000) });
  const [row] = await select<{ status: string; attempts: number }>(
    ds.manager,
    'SELECT status, attempts FROM outbox WHERE id = ?',
    [id],
  );
  expect(row).toEqual({ status: 'pending', attempts: 0 });
});
