import type { DataSource } from 'typeorm';
import { execute, select } from '../../bff/src/db/tx';
import { auditLedger, earnPoints, holdPoints, spendPoints, voidTransfer } from '../../bff/src/domain/ledger';
import { fixedClock } from '../../bff/src/domain/shared/clock';
import { tryAcquireLease } from '../../bff/src/jobs';
import { createAdminToken, createMemberWithToken, createStore, inLedgerTx, newKey } from '../support/ledger-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

const now = new Date('2026-11-20T02:00:00Z');
let bff: TestBff;
let ds: DataSource;
let store: string;
let adminToken: string;

beforeAll(async () => {
  bff = await bootTestBff({ clock: fixedClock(now) });
  ds = bff.db.dataSource;
  store = await createStore(ds);
  adminToken = await createAdminToken(ds, bff.config.JWT_SECRET);
});
afterAll(() => bff?.close());

const earn = (memberId: string, points: number, expiresAt?: Date) =>
  inLedgerTx(ds, (tx) =>
    earnPoints(tx, {
      memberId,
      storeId: store,
      points,
      idempotencyKey: newKey(),
      earnedAt: now,
      expiresAt,
      note: 'purchase',
    }),
  );

/** The audit with a watermark right at the newest transfer, so the checkpoint covers all older ones. */
const audit = (scope: 'full' | 'incremental') => auditLedger(ds, { scope, settleMs: 0 });
const newestTransferTo = async (memberId: string) =>
  (
    await select<{ id: string }>(
      ds.manager,
      `SELECT t.id FROM ledger_transfers t JOIN ledger_accounts a ON a.id = t.to_account_id
        WHERE a.owner_id = ? AND a.purpose = 'wallet' ORDER BY t.id DESC LIMIT 1`,
      [memberId],
    )
  )[0].id;
const tamper = (transferId: string, delta: number) =>
  execute(ds.manager, 'UPDATE ledger_transfers SET amount = amount + ? WHERE id = ?', [delta, transferId]);
/** A transfer newer than everything before it: the next checkpoint's watermark lies above those. */
const laterTransfer = async () => earn((await createMemberWithToken(ds, bff.config.JWT_SECRET)).memberId, 1);

describe('the incremental ledger audit', () => {
  test('When a transfer written after the checkpoint is tampered with, Then the incremental audit names both its accounts', async () => {
    const { memberId } = await createMemberWithToken(ds, bff.config.JWT_SECRET);
    await earn(memberId, 10);
    await laterTransfer();
    expect(await audit('full')).toMatchObject({ balanced: true, scope: 'full' });
    await earn(memberId, 20);
    const earned = await newestTransferTo(memberId);
    await tamper(earned, 7);
    const found = await audit('incremental');
    expect(found).toMatchObject({ balanced: false, scope: 'incremental' });
    expect(found.mismatchedAccounts).toHaveLength(2);
    expect(found.mismatchedAccounts).toContainEqual(
      expect.objectContaining({ ownerId: memberId, purpose: 'wallet', balance: 30, expectedBalance: 37 }),
    );
    const issued = found.mismatchedAccounts.find((a) => a.ownerId === store && a.purpose === 'points_issued');
    expect(issued && issued.expectedBalance - issued.balance).toBe(-7);
    await tamper(earned, -7);
    expect(await audit('incremental')).toMatchObject({ balanced: true, scope: 'incremental' });
  });

  test('When a transfer below the checkpoint is tampered with, Then the incremental audit trusts its checkpoint and the full audit finds it', async () => {
    const { memberId } = await createMemberWithToken(ds, bff.config.JWT_SECRET);
    await earn(memberId, 10);
    const earned = await newestTransferTo(memberId);
    await laterTransfer();
    expect((await audit('full')).balanced).toBe(true);
    await tamper(earned, 7);
    expect(await audit('incremental')).toMatchObject({ balanced: true, scope: 'incremental' });
    const full = await audit('full');
    expect(full.balanced).toBe(false);
    expect(full.mismatchedAccounts).toContainEqual(
      expect.objectContaining({ ownerId: memberId, purpose: 'wallet', balance: 10, expectedBalance: 17 }),
    );
    await tamper(earned, -7);
    expect((await audit('full')).balanced).toBe(true);
  });

  test('When a hold pending at the checkpoint is voided afterwards, Then the incremental audit sums the void (a new transfer) against the hold kept in the checkpoint', async () => {
    const { memberId } = await createMemberWithToken(ds, bff.config.JWT_SECRET);
    await earn(memberId, 50);
    const hold = await inLedgerTx(ds, (tx) =>
      holdPoints(tx, { memberId, storeId: store, points: 20, idempotencyKey: newKey(), at: now }),
    );
    const [held] = await select<{ from_account_id: string; to_account_id: string }>(
      ds.manager,
      'SELECT from_account_id, to_account_id FROM ledger_transfers WHERE id = ?',
      [hold.transferId],
    );
    await laterTransfer();
    expect((await audit('full')).balanced).toBe(true);
    // The checkpoint holds the hold's part: the wallet 50 earned - 20 held, the receiver 20 pending.
    const checkpointOf = async (accountId: string) =>
      (
        await select<{ balance: number; pending_in: number }>(
          ds.manager,
          'SELECT balance, pending_in FROM ledger_audit_sums WHERE account_id = ?',
          [accountId],
        )
      ).map((row) => [Number(row.balance), Number(row.pending_in)]);
    expect(await checkpointOf(held.from_account_id)).toEqual([[30, 0]]);
    expect((await checkpointOf(held.to_account_id))[0]?.[1]).toBeGreaterThanOrEqual(20);
    await inLedgerTx(ds, (tx) => voidTransfer(tx, hold.transferId, now));
    expect(await audit('incremental')).toMatchObject({ balanced: true, scope: 'incremental' });
    expect(await audit('incremental')).toMatchObject({ balanced: true, scope: 'incremental' });
  });

  test('When a hold below the checkpoint is voided in place (balances moved back, status rewritten), Then the incremental audit finds both accounts off their checkpoint', async () => {
    const { memberId } = await createMemberWithToken(ds, bff.config.JWT_SECRET);
    await earn(memberId, 40);
    const hold = await inLedgerTx(ds, (tx) =>
      holdPoints(tx, { memberId, storeId: store, points: 15, idempotencyKey: newKey(), at: now }),
    );
    await laterTransfer();
    expect((await audit('full')).balanced).toBe(true);
    const [held] = await select<{ from_account_id: string; to_account_id: string }>(
      ds.manager,
      'SELECT from_account_id, to_account_id FROM ledger_transfers WHERE id = ?',
      [hold.transferId],
    );
    const inPlace = async (sign: 1 | -1) => {
      await execute(ds.manager, 'UPDATE ledger_accounts SET balance = balance + ? WHERE id = ?', [
        sign * 15,
        held.from_account_id,
      ]);
      await execute(ds.manager, 'UPDATE ledger_accounts SET pending_in = pending_in - ? WHERE id = ?', [
        sign * 15,
        held.to_account_id,
      ]);
      await execute(ds.manager, 'UPDATE ledger_transfers SET status = ? WHERE id = ?', [
        sign === 1 ? 'voided' : 'pending',
        hold.transferId,
      ]);
    };
    await inPlace(1);
    const found = await audit('incremental');
    expect(found).toMatchObject({ balanced: false, scope: 'incremental' });
    expect(found.mismatchedAccounts).toContainEqual(
      expect.objectContaining({ accountId: held.from_account_id, balance: 40, expectedBalance: 25 }),
    );
    const receiver = found.mismatchedAccounts.find((a) => a.accountId === held.to_account_id);
    expect(receiver && receiver.expectedPendingIn - receiver.pendingIn).toBe(15);
    await inPlace(-1);
    expect(await audit('incremental')).toMatchObject({ balanced: true, scope: 'incremental' });
  });
});

describe('GET /api/me', () => {
  test('When a member with points, a hold and soon-expiring lots asks, Then the card shows them', async () => {
    const { memberId, token } = await createMemberWithToken(ds, bff.config.JWT_SECRET);
    await earn(memberId, 100, new Date('2026-12-01T16:00:00Z'));
    await earn(memberId, 50);
    await inLedgerTx(ds, (tx) =>
      holdPoints(tx, { at: new Date(), memberId, storeId: store, points: 30, idempotencyKey: newKey() }),
    );
    const response = await bff.api.get('/api/me', token);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: memberId,
      tier: 'basic',
      phoneMasked: null,
      points: 120,
      storedValueFen: 0,
      couponsAvailable: 0,
      referralCode: expect.any(String),
      expiringSoon: [{ points: 70, expiresAt: '2026-12-01T16:00:00.000Z' }],
      pendingPoints: 30,
      pointsDebt: 0,
      homeStoreId: null,
      homeStoreName: null,
    });
  });

  test('When the member has a home store, Then the card names it', async () => {
    const { memberId, token } = await createMemberWithToken(ds, bff.config.JWT_SECRET);
    const home = await createStore(ds, '上海南京西路店');
    await execute(ds.manager, 'UPDATE members SET home_store_id = ? WHERE id = ?', [home, memberId]);
    const response = await bff.api.get('/api/me', token);
    // The fixture numbers its store names ("上海南京西路店 2").
    expect(response.body).toMatchObject({
      homeStoreId: home,
      homeStoreName: expect.stringMatching(/^上海南京西路店 \d+$/),
    });
  });

  test('When nobody is signed in, Then 401', async () => {
    expect((await bff.api.get('/api/me')).status).toBe(401);
  });
});

describe('GET /api/me/ledger', () => {
  test('When a member pages through their points, Then newest first, signed amounts, and a cursor to the end', async () => {
    const { memberId, token } = await createMemberWithToken(ds, bff.config.JWT_SECRET);
    for (let i = 1; i <= 5; i++) await earn(memberId, i * 10);
    await inLedgerTx(ds, (tx) =>
      spendPoints(tx, { at: new Date(), memberId, storeId: store, points: 25, idempotencyKey: newKey() }),
    );
    const first = await bff.api.get('/api/me/ledger?asset=POINTS&limit=4', token);
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: { kind: string; amount: number }) => [i.kind, i.amount])).toEqual([
      ['REDEEM', -25],
      ['EARN', 50],
      ['EARN', 40],
      ['EARN', 30],
    ]);
    expect(first.body.items[1]).toMatchObject({
      storeId: store,
      storeName: (await select<{ name: string }>(ds.manager, 'SELECT name FROM stores WHERE id = ?', [store]))[0].name,
      note: 'purchase',
      status: 'posted',
      createdAt: now.toISOString(),
    });
    const second = await bff.api.get(`/api/me/ledger?asset=POINTS&limit=4&cursor=${first.body.nextCursor}`, token);
    expect(second.body.items.map((i: { amount: number }) => i.amount)).toEqual([20, 10]);
    expect(second.body.nextCursor).toBeNull();
    const cny = await bff.api.get('/api/me/ledger?asset=CNY', token);
    expect(cny.body).toEqual({ items: [], nextCursor: null });
  });

  test("When member B reads the ledger, Then B sees only B's movements, never A's", async () => {
    const a = await createMemberWithToken(ds, bff.config.JWT_SECRET);
    const b = await createMemberWithToken(ds, bff.config.JWT_SECRET);
    await earn(a.memberId, 111);
    await earn(b.memberId, 222);
    const seenByB = await bff.api.get('/api/me/ledger?asset=POINTS', b.token);
    expect(seenByB.body.items.map((i: { amount: number }) => i.amount)).toEqual([222]);
    const seenByA = await bff.api.get('/api/me/ledger?asset=POINTS', a.token);
    expect(seenByA.body.items.map((i: { amount: number }) => i.amount)).toEqual([111]);
    // A's cursor in B's hands still only pages B's own movements
    const crafted = await bff.api.get(`/api/me/ledger?cursor=${seenByA.body.items[0].id}Z`, b.token);
    expect(crafted.status).toBe(400);
  });

  test('When the query has an unknown asset or a bad limit, Then 400 VALIDATION_FAILED', async () => {
    const { token } = await createMemberWithToken(ds, bff.config.JWT_SECRET);
    for (const query of ['asset=USD', 'limit=0', 'limit=101', 'other=1']) {
      const response = await bff.api.get(`/api/me/ledger?${query}`, token);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('admin ledger audit and jobs', () => {
  test('When HQ reads the audit of a consistent ledger, Then balanced with zero sums', async () => {
    const response = await bff.api.get('/api/admin/ledger/audit?full=true', adminToken);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      balanced: true,
      scope: 'full',
      assets: { POINTS: { sum: 0 }, CNY: { sum: 0 } },
      historyViolations: [],
      mismatchedAccounts: [],
      negativeMemberAccounts: [],
      lotMismatches: [],
    });
  });

  test('When a cached balance is tampered with, Then the audit names the account (and is repaired after)', async () => {
    const { memberId } = await createMemberWithToken(ds, bff.config.JWT_SECRET);
    await earn(memberId, 10);
    await execute(
      ds.manager,
      "UPDATE ledger_accounts SET balance = balance + 5 WHERE owner_id = ? AND purpose = 'wallet'",
      [memberId],
    );
    const response = await bff.api.get('/api/admin/ledger/audit', adminToken);
    expect(response.body.balanced).toBe(false);
    expect(response.body.scope).toBe('incremental');
    expect(response.body.assets.POINTS.sum).toBe(5);
    expect(response.body.mismatchedAccounts).toEqual([
      expect.objectContaining({ ownerId: memberId, purpose: 'wallet', balance: 15, expectedBalance: 10 }),
    ]);
    expect(response.body.lotMismatches).toEqual([
      expect.objectContaining({ memberId, balance: 15, lotsRemaining: 10 }),
    ]);
    await execute(
      ds.manager,
      "UPDATE ledger_accounts SET balance = balance - 5 WHERE owner_id = ? AND purpose = 'wallet'",
      [memberId],
    );
  });

  test('When the audit is asked for with full=maybe, Then 400 VALIDATION_FAILED', async () => {
    const response = await bff.api.get('/api/admin/ledger/audit?full=maybe', adminToken);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  test('When a member asks for the audit, Then 403', async () => {
    const { token } = await createMemberWithToken(ds, bff.config.JWT_SECRET);
    expect((await bff.api.get('/api/admin/ledger/audit', token)).status).toBe(403);
  });

  test('When HQ runs expire-points as of a later instant, Then expired lots move to system:expired and the count is returned', async () => {
    const { memberId, token } = await createMemberWithToken(ds, bff.config.JWT_SECRET);
    await earn(memberId, 40, new Date('2026-12-01T00:00:00Z'));
    await earn(memberId, 60, new Date('2027-06-01T00:00:00Z'));
    const run = await bff.api.post(
      '/api/admin/jobs/expire-points/run',
      { asOf: '2026-12-02T00:00:00Z' },
      { token: adminToken },
    );
    expect(run.status).toBe(200);
    expect(run.body.job).toBe('expire-points');
    expect(run.body.processed).toBeGreaterThanOrEqual(1);
    expect((await bff.api.get('/api/me', token)).body.points).toBe(60);
    const ledger = await bff.api.get('/api/me/ledger', token);
    expect(ledger.body.items[0]).toMatchObject({ kind: 'EXPIRE', amount: -40 });
    const again = await bff.api.post(
      '/api/admin/jobs/expire-points/run',
      { asOf: '2026-12-02T00:00:00Z' },
      { token: adminToken },
    );
    expect(again.body.processed).toBe(0);
  });

  test('When a job is unknown, Then 404 JOB_NOT_FOUND; when its lease is held elsewhere, Then 409 JOB_ALREADY_RUNNING', async () => {
    const unknown = await bff.api.post('/api/admin/jobs/no-such-job/run', {}, { token: adminToken });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('JOB_NOT_FOUND');
    const lease = await tryAcquireLease(ds, 'expire-points');
    expect(lease).not.toBeNull();
    const busy = await bff.api.post('/api/admin/jobs/expire-points/run', {}, { token: adminToken });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('JOB_ALREADY_RUNNING');
    await lease?.release(true);
    expect((await bff.api.post('/api/admin/jobs/expire-points/run', {}, { token: adminToken })).status).toBe(200);
  });

  test('When a lease ran out (its holder died), Then the next run takes over and resumes from the stored progress', async () => {
    const dead = await tryAcquireLease(ds, 'expire-points', 1);
    await dead?.checkpoint({ asOf: '2030-01-01T00:00:00.000Z', after: null, processed: 7 });
    await execute(ds.manager, "UPDATE job_leases SET lease_until = ? WHERE name = 'expire-points'", [
      new Date(Date.now() - 1000),
    ]);
    const run = await bff.api.post(
      '/api/admin/jobs/expire-points/run',
      { asOf: '2030-01-01T00:00:00Z' },
      { token: adminToken },
    );
    expect(run.status).toBe(200);
    expect(run.body.processed).toBeGreaterThanOrEqual(7);
    const [row] = await select<{ owner: string | null; progress: string | null }>(
      ds.manager,
      "SELECT owner, progress FROM job_leases WHERE name = 'expire-points'",
    );
    expect(row).toEqual({ owner: null, progress: null });
  });
});
