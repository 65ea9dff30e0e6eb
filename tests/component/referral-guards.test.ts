import { select } from '../../bff/src/db/tx';
import {
  bootReferralStage,
  buy,
  DAY_MS,
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

const base = { level1Bps: 500, level2Bps: 200, asset: 'POINTS', windowDays: 7 };
const afterWindow = () => new Date(stage.clock.now().getTime() + 8 * DAY_MS);

async function reasonsOf(referrerId: string) {
  const rows = await select<{ reason: string }>(
    stage.bff.db.dataSource.manager,
    'SELECT reason FROM referral_reviews WHERE referrer_id = ?',
    [referrerId],
  );
  return rows.map((row) => row.reason);
}

describe('Rebate guards', () => {
  test('When sign-ups stay under the hourly limit but pass the daily one, Then the referrer is held for review', async () => {
    await putRule(stage, { ...base, velocity: { maxPerHour: 100, maxPerDay: 2 } });
    const referrer = await join(stage);
    for (let i = 0; i < 2; i++) {
      await join(stage, referrer.referralCode);
      stage.clock.advance(2 * 3_600_000);
    }
    expect(await reasonsOf(referrer.id)).toEqual([]);
    await join(stage, referrer.referralCode);
    expect(await reasonsOf(referrer.id)).toEqual(['velocity-day']);
    await putRule(stage, base);
  });

  test('When a review opens while a rebate is pending, Then the job holds it instead of paying', async () => {
    const referrer = await join(stage);
    const invitee = await join(stage, referrer.referralCode);
    const sale = await buy(stage, invitee, 10_000);
    await join(stage, referrer.referralCode, { deviceId: 'guard-device' });
    await join(stage, referrer.referralCode, { deviceId: 'guard-device' });
    expect(await reasonsOf(referrer.id)).toEqual(['shared-device']);
    await runConfirm(stage, afterWindow());
    expect((await rebatesOf(stage, sale.checkoutId))[0]).toMatchObject({ status: 'held', current_amount: 500 });
    expect((await pointsOf(stage, referrer.id)).points).toBe(0);
    // A refund while held cancels it like a pending one.
    expect((await refundCheckout(stage, stage.clerkA, sale.checkoutId)).status).toBe(200);
    expect((await rebatesOf(stage, sale.checkoutId))[0]).toMatchObject({ status: 'cancelled', current_amount: 0 });
  });

  test('When the referrer deleted their data before the window ended, Then the job pays nothing and cancels the rebate', async () => {
    const referrer = await join(stage);
    const invitee = await join(stage, referrer.referralCode);
    const sale = await buy(stage, invitee, 10_000);
    expect((await stage.bff.api.post('/api/me/delete', {}, { token: referrer.token })).status).toBe(200);
    expect(await runConfirm(stage, afterWindow())).toBe(0);
    expect((await rebatesOf(stage, sale.checkoutId))[0].status).toBe('cancelled');
    expect((await pointsOf(stage, referrer.id)).points).toBe(0);
  });

  test('When a stored-value rebate is refunded after the window and the referrer spent it, Then what is left is taken and the rest recorded', async () => {
    await putRule(stage, { ...base, asset: 'CNY' });
    try {
      const referrer = await join(stage);
      const invitee = await join(stage, referrer.referralCode);
      const sale = await buy(stage, invitee, 10_000);
      await runConfirm(stage, afterWindow());
      expect((await pointsOf(stage, referrer.id)).fen).toBe(500);
      stage.clock.advance(8 * DAY_MS);
      await buy(stage, referrer, 1_000, { body: { storedValueFen: 300 } });
      expect((await pointsOf(stage, referrer.id)).fen).toBe(200);
      expect((await refundCheckout(stage, stage.managerA, sale.checkoutId)).status).toBe(200);
      expect((await pointsOf(stage, referrer.id)).fen).toBe(0);
      expect((await rebatesOf(stage, sale.checkoutId))[0]).toMatchObject({
        status: 'clawed_back',
        current_amount: 0,
        clawed_back: 500,
        debt: 300,
      });
    } finally {
      await putRule(stage, base);
    }
  });
});
