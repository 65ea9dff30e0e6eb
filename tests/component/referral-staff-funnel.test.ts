import { select } from '../../bff/src/db/tx';
import {
  bootReferralStage,
  buy,
  DAY_MS,
  join,
  putRule,
  type ReferralStage,
  rebatesOf,
  runConfirm,
  staffAt,
} from '../support/referral-fixtures';

let stage: ReferralStage;
beforeAll(async () => {
  stage = await bootReferralStage();
});
afterAll(() => stage?.close());

const db = () => stage.bff.db.dataSource.manager;
const base = { level1Bps: 500, level2Bps: 200, asset: 'POINTS', windowDays: 7 };

describe('Staff as sharers', () => {
  test("When a new member signs up with a clerk's card, Then clerk and store are attributed, the commission is recorded and the leaderboard counts it", async () => {
    const rule = { ...base, staffReward: { kind: 'COMMISSION', bps: 300, withinDays: 30 } };
    expect((await putRule(stage, rule)).status).toBe(200);
    const clerk = await staffAt(stage, stage.storeA, 'clerk');
    const idle = await staffAt(stage, stage.storeA, 'clerk');
    const member = await join(stage, clerk.referralCode);
    const [row] = await select<{ home_store_id: string; referrer_id: string }>(
      db(),
      'SELECT home_store_id, referrer_id FROM members WHERE id = ?',
      [member.id],
    );
    expect(row).toEqual({ home_store_id: stage.storeA, referrer_id: clerk.id });
    await join(stage, clerk.referralCode); // a second sign-up who never buys
    // Bought at the other store: the clerk still earns 3 % of ¥200.00, as a commission for payroll.
    const sale = await buy(stage, member, 20_000, { staff: stage.clerkB, storeId: stage.storeB });
    expect(await rebatesOf(stage, sale.checkoutId)).toEqual([
      expect.objectContaining({
        level: 1,
        beneficiary_id: clerk.id,
        asset: 'COMMISSION',
        current_amount: 600,
        is_staff: 1,
      }),
    ]);
    const board = await stage.bff.api.get(`/api/stores/${stage.storeA}/referral/leaderboard`, stage.managerA.token);
    expect(board.status).toBe(200);
    const mine = board.body.items.find((item: { memberId: string }) => item.memberId === clerk.id);
    expect(mine).toMatchObject({ role: 'clerk', signUps: 2, firstPurchases: 1, rewardPoints: 0, commissionFen: 600 });
    expect(board.body.items[0].memberId).toBe(clerk.id);
    expect(board.body.items.find((item: { memberId: string }) => item.memberId === idle.id)).toMatchObject({
      signUps: 0,
      commissionFen: 0,
    });
    // The commission confirms without moving anything on the ledger.
    const before = await select(db(), 'SELECT id FROM ledger_transfers', []);
    await runConfirm(stage, new Date(stage.clock.now().getTime() + 8 * DAY_MS));
    expect((await rebatesOf(stage, sale.checkoutId))[0].status).toBe('confirmed');
    expect(await select(db(), 'SELECT id FROM ledger_transfers', [])).toHaveLength(before.length);
    await putRule(stage, base);
  });

  test('When the staff reward is in points and the purchase comes after its days, Then no reward; within them, points', async () => {
    await putRule(stage, { ...base, staffReward: { kind: 'POINTS', bps: 100, withinDays: 3 } });
    const clerk = await staffAt(stage, stage.storeB, 'clerk');
    const member = await join(stage, clerk.referralCode);
    const early = await buy(stage, member, 10_000, { staff: stage.clerkB, storeId: stage.storeB });
    expect(await rebatesOf(stage, early.checkoutId)).toEqual([
      expect.objectContaining({ asset: 'POINTS', current_amount: 100, is_staff: 1 }),
    ]);
    stage.clock.advance(4 * DAY_MS);
    const late = await buy(stage, member, 10_000, { staff: stage.clerkB, storeId: stage.storeB });
    expect(await rebatesOf(stage, late.checkoutId)).toEqual([]);
    await putRule(stage, base);
  });

  test('When a clerk (not a manager) asks for the leaderboard, Then 403', async () => {
    const res = await stage.bff.api.get(`/api/stores/${stage.storeA}/referral/leaderboard`, stage.clerkA.token);
    expect(res.status).toBe(403);
  });
});

describe('HQ referral funnel', () => {
  test('When HQ reads the funnel for the period, Then sign-ups, first purchases and rebates add up per referrer and store, also as CSV', async () => {
    stage.clock.set('2026-12-15T04:00:00Z');
    const referrer = await join(stage);
    const a = await join(stage, referrer.referralCode);
    await join(stage, referrer.referralCode);
    const sale = await buy(stage, a, 10_000); // 500 pending
    await buy(stage, referrer, 2_000); // the referrer's home store becomes store A
    const refund = await stage.bff.api.post(
      `/api/stores/${stage.storeA}/checkouts/${sale.checkoutId}/refund`,
      { amountFen: 4_000 },
      { token: stage.clerkA.token, idempotencyKey: `fr-${Date.now()}` },
    );
    expect(refund.status).toBe(200); // 300 left pending, 200 cancelled
    const res = await stage.bff.api.get(
      '/api/admin/reports/referral-funnel?from=2026-12-15&to=2026-12-15',
      stage.admin,
    );
    expect(res.status).toBe(200);
    const line = res.body.referrers.find((row: { referrerId: string }) => row.referrerId === referrer.id);
    expect(line).toMatchObject({
      storeId: stage.storeA,
      signUps: 2,
      firstPurchases: 1,
      pendingPoints: 300,
      cancelledPoints: 200,
      confirmedPoints: 0,
      clawedBackPoints: 0,
    });
    const store = res.body.stores.find((row: { storeId: string }) => row.storeId === stage.storeA);
    expect(store.signUps).toBeGreaterThanOrEqual(2);
    const csv = await stage.bff.api.get(
      '/api/admin/reports/referral-funnel?from=2026-12-15&to=2026-12-15&format=csv',
      stage.admin,
    );
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = String(csv.body).trim().split('\n');
    expect(lines[0]).toBe(
      'scope,referrerId,storeId,posters,signUps,firstPurchases,pendingPoints,pendingFen,confirmedPoints,confirmedFen,cancelledPoints,cancelledFen,clawedBackPoints,clawedBackFen,commissionFen',
    );
    expect(lines).toContain(`referrer,${referrer.id},${stage.storeA},0,2,1,300,0,0,0,200,0,0,0,0`);
    const other = await stage.bff.api.get(
      '/api/admin/reports/referral-funnel?from=2026-12-16&to=2026-12-31',
      stage.admin,
    );
    expect(other.body.referrers.find((row: { referrerId: string }) => row.referrerId === referrer.id)).toBeUndefined();
  });

  test('When the period is malformed, Then 400 and no report', async () => {
    const res = await stage.bff.api.get('/api/admin/reports/referral-funnel?from=2026-12&to=2026-12-31', stage.admin);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});
