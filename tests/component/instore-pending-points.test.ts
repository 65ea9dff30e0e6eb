import { inTransaction } from '../../bff/src/db/tx';
import { clawBackPoints } from '../../bff/src/domain/ledger';
import { releasePendingPointsJob } from '../../bff/src/jobs';
import {
  balancesOf,
  checkout,
  createAdminToken,
  createMember,
  createStaff,
  createStore,
  grantPoints,
  MovableClock,
  refund,
  scanMember,
  type TestMember,
} from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

// Monday 2026-11-23 12:00 in Shanghai: with pendingDays 7 the points are released at the end of
// 30 Nov local time, i.e. 2026-11-30T16:00:00Z.
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
const RELEASE_AT = '2026-11-30T16:00:00.000Z';
const JUST_BEFORE = '2026-11-30T15:59:59.999Z';
let bff: TestBff;
let admin: string;
let store: string;
let clerk: TestMember;
let order = 0;

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  admin = await createAdminToken(bff);
  store = await createStore(bff, 'Pending Store');
  clerk = await createStaff(bff, store);
  const put = await bff.api.put(
    `/api/admin/stores/${store}/earn-rule`,
    { pointsPerYuan: 1, minOrderFen: 0, pendingDays: 7 },
    { token: admin },
  );
  expect([put.status, put.body.rule.pendingDays]).toEqual([200, 7]);
});
afterAll(() => bff?.close());

async function buy(member: TestMember, body: Record<string, unknown>) {
  const res = await checkout(bff, clerk, store, {
    scanId: await scanMember(bff, clerk, store, member),
    orderRef: `P-${++order}`,
    ...body,
  });
  return res;
}

async function runJob(asOf: string): Promise<number> {
  const res = await bff.api.post('/api/admin/jobs/release-pending-points/run', { asOf }, { token: admin });
  expect(res.status).toBe(200);
  return res.body.processed;
}

async function pendingEarnTransfers(checkoutId: string) {
  const rows = await bff.db.dataSource.query(
    // A pending transfer is never updated: a later transfer naming it (pending_id) posts or voids it.
    `SELECT t.id, t.amount, p.release_at,
            CASE r.status WHEN 'post_pending' THEN 'posted' WHEN 'void_pending' THEN 'voided' ELSE t.status END AS status
       FROM ledger_transfers t JOIN ledger_pending_earns p ON p.transfer_id = t.id
       LEFT JOIN ledger_transfers r ON r.pending_id = t.id
      WHERE t.cause_type = 'checkout' AND t.cause_id = ? ORDER BY t.id`,
    [checkoutId],
  );
  return rows.map((row: Record<string, unknown>) => ({
    id: row.id as string,
    amount: Number(row.amount),
    status: row.status,
    releaseAt: new Date(row.release_at as string).toISOString(),
  }));
}

describe('Earned points with a pending period (pendingDays 7)', () => {
  test('When a member buys, Then the points are pending, not spendable, and released once after the date', async () => {
    const member = await createMember(bff);
    await grantPoints(bff, member.id, store, 100);
    const sale = await buy(member, { amountFen: 20_000 });
    expect(sale.status).toBe(201);
    expect(sale.body).toMatchObject({ pointsEarned: 200, member: { points: 100 } });
    const me = await bff.api.get('/api/me', member.token);
    expect(me.body).toMatchObject({ points: 100, pendingPoints: 200 });
    const ledger = await bff.api.get('/api/me/ledger?asset=POINTS', member.token);
    expect(ledger.body.items[0]).toMatchObject({ kind: 'EARN', amount: 200, status: 'pending', storeId: store });
    expect((await pendingEarnTransfers(sale.body.checkoutId)).map((t: { releaseAt: string }) => t.releaseAt)).toEqual([
      RELEASE_AT,
    ]);

    const spend = await buy(member, { amountFen: 100_000, redeemPoints: 300 });
    expect([spend.status, spend.body.error?.code]).toEqual([409, 'INSUFFICIENT_POINTS']);

    expect(await runJob(JUST_BEFORE)).toBe(0);
    expect(await balancesOf(bff, member)).toMatchObject({ points: 100, pendingPoints: 200 });

    expect(await runJob(RELEASE_AT)).toBeGreaterThanOrEqual(1);
    expect(await balancesOf(bff, member)).toMatchObject({ points: 300, pendingPoints: 0, pointsDebt: 0 });
    const [transfer] = await pendingEarnTransfers(sale.body.checkoutId);
    expect(transfer.status).toBe('posted');
    const lots = await bff.db.dataSource.query(
      'SELECT amount, remaining, earned_at, expires_at FROM ledger_lots WHERE origin_transfer_id = ?',
      [transfer.id],
    );
    expect(lots).toHaveLength(1);
    expect([Number(lots[0].amount), new Date(lots[0].earned_at).toISOString()]).toEqual([200, RELEASE_AT]);
    // The default expiry (24 months) counts from the release, not from the purchase.
    expect(new Date(lots[0].expires_at).getTime()).toBeGreaterThan(new Date('2028-11-30T00:00:00Z').getTime());

    expect(await runJob(RELEASE_AT)).toBe(0);
    expect(await balancesOf(bff, member)).toMatchObject({ points: 300, pendingPoints: 0 });
    const spendNow = await buy(member, { amountFen: 100_000, redeemPoints: 300 });
    expect(spendNow.status).toBe(201);
  });

  test('When the order is fully refunded while pending, Then the pending earn is voided: no clawback, no debt', async () => {
    const member = await createMember(bff);
    const sale = await buy(member, { amountFen: 5_000 });
    expect(sale.body.pointsEarned).toBe(50);
    const res = await refund(bff, clerk, store, sale.body.checkoutId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ pointsClawedBack: 0, pointsDebt: 0, pointsReturned: 0, pointsPendingVoided: 50 });
    expect(await balancesOf(bff, member)).toMatchObject({ points: 0, pendingPoints: 0, pointsDebt: 0 });
    expect((await pendingEarnTransfers(sale.body.checkoutId)).map((t: { status: string }) => t.status)).toEqual([
      'voided',
    ]);
    const ledger = await bff.api.get('/api/me/ledger?asset=POINTS', member.token);
    expect(ledger.body.items).toEqual([expect.objectContaining({ kind: 'EARN', amount: 50, status: 'voided' })]);
    // A voided earn is never released.
    await runJob(RELEASE_AT);
    expect((await pendingEarnTransfers(sale.body.checkoutId)).map((t: { status: string }) => t.status)).toEqual([
      'voided',
    ]);
    expect(await balancesOf(bff, member)).toMatchObject({ points: 0, pendingPoints: 0, pointsDebt: 0 });
  });

  test('When the order is refunded in part while pending, Then the rest stays pending to the same date, and a refund after release claws back', async () => {
    const member = await createMember(bff);
    const sale = await buy(member, { amountFen: 10_000 });
    expect(sale.body.pointsEarned).toBe(100);
    const part = await refund(bff, clerk, store, sale.body.checkoutId, { amountFen: 3_000 });
    expect(part.body).toMatchObject({
      refundedFen: 3_000,
      pointsClawedBack: 0,
      pointsDebt: 0,
      pointsPendingVoided: 30,
    });
    expect(await balancesOf(bff, member)).toMatchObject({ points: 0, pendingPoints: 70, pointsDebt: 0 });
    const transfers = await pendingEarnTransfers(sale.body.checkoutId);
    expect(transfers.map((t: { amount: number; status: string }) => [t.amount, t.status])).toEqual([
      [100, 'voided'],
      [70, 'pending'],
    ]);
    expect(transfers[1].releaseAt).toBe(RELEASE_AT);

    await runJob(RELEASE_AT);
    expect(await balancesOf(bff, member)).toMatchObject({ points: 70, pendingPoints: 0 });
    const rest = await refund(bff, clerk, store, sale.body.checkoutId);
    expect(rest.body).toMatchObject({
      refundedFen: 7_000,
      pointsClawedBack: 70,
      pointsDebt: 0,
      pointsPendingVoided: 0,
    });
    expect(await balancesOf(bff, member)).toMatchObject({ points: 0, pendingPoints: 0, pointsDebt: 0 });
  });

  test('When released points were spent, Then a refund after release leaves debt as before', async () => {
    const member = await createMember(bff);
    await grantPoints(bff, member.id, store, 100);
    const sale = await buy(member, { amountFen: 20_000 });
    await runJob(RELEASE_AT);
    expect((await buy(member, { amountFen: 100_000, redeemPoints: 300 })).status).toBe(201);
    const res = await refund(bff, clerk, store, sale.body.checkoutId);
    // The ¥1,000 order paid ¥997 in cash and earned 997 points, still pending: 200 owed becomes debt.
    expect(res.body).toMatchObject({ pointsClawedBack: 0, pointsDebt: 200 });
    expect(await balancesOf(bff, member)).toMatchObject({ points: 0, pendingPoints: 997, pointsDebt: 200 });
  });

  test('When a member owes points, Then the release repays the debt first and only the rest becomes a lot', async () => {
    const member = await createMember(bff);
    await inTransaction(bff.db.dataSource, (tx) =>
      clawBackPoints(tx, {
        at: new Date(),
        memberId: member.id,
        storeId: store,
        points: 40,
        idempotencyKey: `debt:${member.id}`,
        causeType: 'test',
        causeId: member.id,
      }),
    );
    const sale = await buy(member, { amountFen: 10_000 });
    expect(await balancesOf(bff, member)).toMatchObject({ points: 0, pendingPoints: 100, pointsDebt: 40 });
    await runJob(RELEASE_AT);
    expect(await balancesOf(bff, member)).toMatchObject({ points: 60, pendingPoints: 0, pointsDebt: 0 });
    const [transfer] = await pendingEarnTransfers(sale.body.checkoutId);
    const lots = await bff.db.dataSource.query('SELECT amount FROM ledger_lots WHERE origin_transfer_id = ?', [
      transfer.id,
    ]);
    expect(lots.map((lot: { amount: unknown }) => Number(lot.amount))).toEqual([60]);
  });

  test('When two release runs overlap, Then each pending earn is released exactly once', async () => {
    const members = [await createMember(bff), await createMember(bff), await createMember(bff)];
    for (const member of members) await buy(member, { amountFen: 3_000 });
    const asOf = new Date(RELEASE_AT);
    const runs = await Promise.all([
      releasePendingPointsJob(bff.deps, { asOf }),
      releasePendingPointsJob(bff.deps, { asOf }),
    ]);
    expect(runs[0].processed + runs[1].processed).toBe(3);
    for (const member of members) {
      expect(await balancesOf(bff, member)).toMatchObject({ points: 30, pendingPoints: 0 });
    }
  });
});
