import { select } from '../../bff/src/db/tx';
import { confirmRebatesJob } from '../../bff/src/domain/referral/confirm-rebates';
import {
  bootReferralStage,
  buy,
  DAY_MS,
  type Joined,
  join,
  pointsOf,
  putRule,
  type ReferralStage,
  rebatesOf,
  refundCheckout,
  runConfirm,
} from '../support/referral-fixtures';

let stage: ReferralStage;
beforeAll(async () => {
  stage = await bootReferralStage();
});
afterAll(() => stage?.close());

const afterWindow = () => new Date(stage.clock.now().getTime() + 8 * DAY_MS);

/** A ← B ← C ← D: each joined with the previous one's code. */
async function chain(): Promise<Joined[]> {
  const a = await join(stage);
  const b = await join(stage, a.referralCode);
  const c = await join(stage, b.referralCode);
  const d = await join(stage, c.referralCode);
  return [a, b, c, d];
}

describe('Rebates (defaults: 5 % / 2 % in points, 7-day window, 100 points per yuan)', () => {
  test("When D (C's invitee) pays ¥100.00, Then C has 500 points and B 200 pending, A and D nothing, and the invite pages say so", async () => {
    const [a, b, c, d] = await chain();
    const sale = await buy(stage, d, 10_000);
    const rebates = await rebatesOf(stage, sale.checkoutId);
    expect(rebates.map((r) => [r.level, r.beneficiary_id, r.current_amount, r.status])).toEqual([
      [1, c.id, 500, 'pending'],
      [2, b.id, 200, 'pending'],
    ]);
    const pageC = await stage.bff.api.get('/api/me/referral', c.token);
    expect(pageC.status).toBe(200);
    expect(pageC.body).toMatchObject({
      referralCode: c.referralCode,
      sharePath: `/pages/index/index?r=${c.referralCode}`,
      invitedCount: 1,
      pendingRebate: { points: 500, fen: 0 },
      confirmedRebate: { points: 0, fen: 0 },
    });
    expect(pageC.body.invitees[0].memberIdMasked).toBe(`会员****${d.id.slice(-4)}`);
    expect(pageC.body.invitees[0].firstPaidAt).toBe(stage.clock.now().toISOString());
    expect(pageC.body.rebates[0]).toMatchObject({
      level: 1,
      amount: 500,
      status: 'pending',
      confirmAt: new Date(stage.clock.now().getTime() + 7 * DAY_MS).toISOString(),
      confirmedAt: null,
    });
    expect((await stage.bff.api.get('/api/me/referral', b.token)).body.pendingRebate).toEqual({ points: 200, fen: 0 });
    const pageA = await stage.bff.api.get('/api/me/referral', a.token);
    expect(pageA.body).toMatchObject({ invitedCount: 1, pendingRebate: { points: 0 }, rebates: [] });
    expect((await stage.bff.api.get('/api/me/referral', d.token)).body.rebates).toEqual([]);
  });

  test('When the window is over, Then confirm-rebates pays both from the HQ campaign account, once, as HQ-funded lots', async () => {
    const [, b, c, d] = await chain();
    const sale = await buy(stage, d, 10_000);
    const early = await runConfirm(stage, new Date(stage.clock.now().getTime() + 6 * DAY_MS));
    expect(early).toBe(0);
    expect(await runConfirm(stage, afterWindow())).toBeGreaterThanOrEqual(2);
    expect((await pointsOf(stage, c.id)).points).toBe(500);
    expect((await pointsOf(stage, b.id)).points).toBe(200);
    expect((await rebatesOf(stage, sale.checkoutId)).map((r) => r.status)).toEqual(['confirmed', 'confirmed']);
    expect(await runConfirm(stage, afterWindow())).toBe(0);
    expect((await pointsOf(stage, c.id)).points).toBe(500);
    // HQ pays from its account at the store of the sale (no chain-wide row every rebate updates).
    const transfers = await select<{ kind: string; from_purpose: string; owner_type: string; owner_id: string }>(
      stage.bff.db.dataSource.manager,
      `SELECT t.kind, a.purpose AS from_purpose, a.owner_type, a.owner_id FROM ledger_transfers t
         JOIN ledger_accounts a ON a.id = t.from_account_id WHERE t.cause_type = 'referral_rebate' AND t.cause_id IN (?, ?)`,
      (await rebatesOf(stage, sale.checkoutId)).map((r) => r.id),
    );
    expect(transfers).toEqual([
      { kind: 'REBATE', from_purpose: 'hq_campaign', owner_type: 'store', owner_id: stage.storeA },
      { kind: 'REBATE', from_purpose: 'hq_campaign', owner_type: 'store', owner_id: stage.storeA },
    ]);
    const lots = await select<{ funded_by: string; issuing_store_id: string }>(
      stage.bff.db.dataSource.manager,
      "SELECT funded_by, issuing_store_id FROM ledger_lots WHERE member_id = ? AND asset = 'POINTS'",
      [c.id],
    );
    expect(lots).toEqual([{ funded_by: 'HQ', issuing_store_id: stage.storeA }]);
    const page = await stage.bff.api.get('/api/me/referral', c.token);
    expect(page.body.confirmedRebate).toEqual({ points: 500, fen: 0 });
    expect(page.body.rebates[0].confirmedAt).toBe(afterWindow().toISOString());
  });

  test('When a member pays for their own purchase, Then they earn no rebate on it (only their referrers do)', async () => {
    const [a, b] = await chain();
    const sale = await buy(stage, b, 10_000);
    const rebates = await rebatesOf(stage, sale.checkoutId);
    expect(rebates.map((r) => r.beneficiary_id)).toEqual([a.id]);
    expect(rebates.some((r) => r.beneficiary_id === b.id)).toBe(false);
  });

  test('When the purchase is fully refunded inside the window, Then both rebates are cancelled and the job pays nothing', async () => {
    const [, b, c, d] = await chain();
    const sale = await buy(stage, d, 10_000);
    expect((await refundCheckout(stage, stage.clerkA, sale.checkoutId)).status).toBe(200);
    expect((await rebatesOf(stage, sale.checkoutId)).map((r) => [r.current_amount, r.status])).toEqual([
      [0, 'cancelled'],
      [0, 'cancelled'],
    ]);
    await runConfirm(stage, afterWindow());
    expect((await pointsOf(stage, c.id)).points).toBe(0);
    expect((await pointsOf(stage, b.id)).points).toBe(0);
  });

  test('When it is refunded in parts inside the window, Then the rebates shrink in proportion and the rest confirms', async () => {
    const [, b, c, d] = await chain();
    const sale = await buy(stage, d, 10_000);
    expect((await refundCheckout(stage, stage.clerkA, sale.checkoutId, 3_000)).status).toBe(200);
    // 7,000 of 10,000 left: floor(500 × 0.7) = 350, floor(200 × 0.7) = 140.
    expect((await rebatesOf(stage, sale.checkoutId)).map((r) => r.current_amount)).toEqual([350, 140]);
    expect((await refundCheckout(stage, stage.clerkA, sale.checkoutId, 3_333)).status).toBe(200);
    // 3,667 left: floor(500 × 0.3667) = 183, floor(200 × 0.3667) = 73.
    expect((await rebatesOf(stage, sale.checkoutId)).map((r) => r.current_amount)).toEqual([183, 73]);
    await runConfirm(stage, afterWindow());
    expect((await pointsOf(stage, c.id)).points).toBe(183);
    expect((await pointsOf(stage, b.id)).points).toBe(73);
  });

  test('When it is refunded after the window and the referrer spent the rebate, Then it is clawed back with the shortfall as debt', async () => {
    const [, b, c, d] = await chain();
    const sale = await buy(stage, d, 10_000);
    await runConfirm(stage, afterWindow());
    stage.clock.advance(8 * DAY_MS);
    // C spends 400 of the 500 points on a ¥10.00 purchase (¥4.00 off, ¥6.00 cash earns 6 points).
    const spent = await buy(stage, c, 1_000, { body: { redeemPoints: 400 } });
    expect(spent).toMatchObject({ cashDueFen: 600, pointsEarned: 6 });
    expect((await pointsOf(stage, c.id)).points).toBe(106);
    const res = await refundCheckout(stage, stage.managerA, sale.checkoutId);
    expect(res.status).toBe(200);
    expect(await pointsOf(stage, c.id)).toMatchObject({ points: 0, debt: 394 });
    // B still held its 200: all clawed back (B's 30 from C's own purchase is still pending).
    expect(await pointsOf(stage, b.id)).toMatchObject({ points: 0, debt: 0 });
    const [l1, l2] = await rebatesOf(stage, sale.checkoutId);
    expect(l1).toMatchObject({ status: 'clawed_back', current_amount: 0, clawed_back: 500, debt: 394 });
    expect(l2).toMatchObject({ status: 'clawed_back', current_amount: 0, clawed_back: 200, debt: 0 });
  });

  test('When confirm-rebates runs twice at once (two instances), Then every due rebate is paid exactly once', async () => {
    await runConfirm(stage, new Date(stage.clock.now().getTime() + 30 * DAY_MS)); // what earlier tests left
    const members = await chain();
    const sales = [];
    for (let i = 0; i < 3; i++) sales.push(await buy(stage, members[3], 2_000 + i * 1_000));
    const asOf = afterWindow();
    const [first, second] = await Promise.all([
      confirmRebatesJob(stage.bff.deps, { asOf }),
      confirmRebatesJob(stage.bff.deps, { asOf }),
    ]);
    expect(first.processed + second.processed).toBe(6);
    // L1 to C: 100 + 150 + 200; L2 to B: 40 + 60 + 80.
    expect((await pointsOf(stage, members[2].id)).points).toBe(450);
    expect((await pointsOf(stage, members[1].id)).points).toBe(180);
    const [row] = await select<{ n: number | string }>(
      stage.bff.db.dataSource.manager,
      "SELECT COUNT(*) AS n FROM ledger_transfers WHERE kind = 'REBATE' AND to_account_id IN (SELECT id FROM ledger_accounts WHERE owner_id IN (?, ?))",
      [members[1].id, members[2].id],
    );
    expect(Number(row.n)).toBe(6);
    const both = await Promise.all([
      stage.bff.api.post('/api/admin/jobs/confirm-rebates/run', { asOf: asOf.toISOString() }, { token: stage.admin }),
      stage.bff.api.post('/api/admin/jobs/confirm-rebates/run', { asOf: asOf.toISOString() }, { token: stage.admin }),
    ]);
    expect(both.every((res) => res.status === 200 || res.body.error?.code === 'JOB_ALREADY_RUNNING')).toBe(true);
    expect((await pointsOf(stage, members[2].id)).points).toBe(450);
  });

  test('When HQ pays rebates in stored value, Then the same purchase gives C ¥5.00 and B ¥2.00 after the window', async () => {
    expect((await putRule(stage, { level1Bps: 500, level2Bps: 200, asset: 'CNY', windowDays: 3 })).status).toBe(200);
    try {
      const [, b, c, d] = await chain();
      await buy(stage, d, 10_000);
      await runConfirm(stage, new Date(stage.clock.now().getTime() + 4 * DAY_MS));
      expect((await pointsOf(stage, c.id)).fen).toBe(500);
      expect((await pointsOf(stage, b.id)).fen).toBe(200);
      expect((await stage.bff.api.get('/api/me/referral', c.token)).body.confirmedRebate).toEqual({
        points: 0,
        fen: 500,
      });
    } finally {
      await putRule(stage, { level1Bps: 500, level2Bps: 200, asset: 'POINTS', windowDays: 7 });
    }
  });
});
