import type { RunningBff } from '../../../bff/src/server';
import type { FakeWechat } from '../fake-wechat';
import { DemoClient } from './demo-client';

const stores = [
  { code: 'SH001', name: '通卡 上海南京西路店', city: '上海', rule: { pointsPerYuan: 1, minOrderFen: 0 } },
  {
    code: 'HZ001',
    name: '通卡 杭州湖滨店',
    city: '杭州',
    rule: {
      pointsPerYuan: 2,
      minOrderFen: 1000,
      dailyCapPoints: 2000,
      categoryMultipliers: { tobacco: 0 },
      campaigns: [{ name: '周三会员日', weekdays: [3], multiplier: 2, fundedBy: 'HQ' as const }],
    },
  },
  {
    code: 'SZ001',
    name: '通卡 深圳万象城店',
    city: '深圳',
    rule: { pointsPerYuan: 1.5, minOrderFen: 5000, perOrderCapPoints: 500, tierMultipliers: { gold: 1.5, diamond: 2 } },
  },
];

/**
 * Seeds the demo chain once, through the public API as HQ and the clerks would (a second
 * `npm start` finds the stores and does nothing): three stores with different earn rules, a clerk
 * per store (H5 demo users demo-clerk-1..3), and members demo-member-1..3 with some history.
 */
export async function seedDemo(bff: RunningBff, fake: FakeWechat): Promise<void> {
  const client = new DemoClient(bff.url, fake);
  const { ADMIN_USERNAME: username, ADMIN_PASSWORD: password } = bff.deps.config;
  if (!username || !password) return;
  const { token: admin } = await client.call('POST', '/api/admin/login', { username, password });
  const existing = await client.call<{ items: Array<{ code: string }> }>(
    'GET',
    '/api/admin/stores?limit=100',
    undefined,
    admin,
  );
  if (existing.items.some((store) => store.code === 'SH001')) return;

  await client.call('PUT', '/api/admin/redeem-rule', { pointsPerYuan: 100, maxShareOfOrder: 0.5 }, admin);
  // 充100送10, 充500送50: the top-up page's bonuses (HQ-funded).
  await client.call(
    'PUT',
    '/api/admin/topup-rule',
    {
      minFen: 100,
      maxFen: 500_000,
      presetsFen: [5_000, 10_000, 20_000, 50_000],
      bonuses: [
        { thresholdFen: 10_000, bonusFen: 1_000 },
        { thresholdFen: 50_000, bonusFen: 5_000 },
      ],
    },
    admin,
  );
  const storeIds: string[] = [];
  const clerkTokens: string[] = [];
  for (const [index, store] of stores.entries()) {
    const created = await client.call(
      'POST',
      '/api/admin/stores',
      { code: store.code, name: store.name, city: store.city },
      admin,
    );
    storeIds.push(created.id);
    await client.call('PUT', `/api/admin/stores/${created.id}/earn-rule`, store.rule, admin);
    const clerk = await client.signIn(`demo-clerk-${index + 1}`);
    const invite = await client.call(
      'POST',
      `/api/admin/stores/${created.id}/staff-invites`,
      { role: 'manager' },
      admin,
    );
    await client.call('POST', '/api/staff/bind', { inviteCode: invite.inviteCode }, clerk.token);
    clerkTokens.push(clerk.token);
  }

  const coupons = await seedCouponsAndRewards(client, admin, storeIds);
  const now = Date.now();
  for (let n = 1; n <= 3; n++) {
    const member = await client.signIn(`demo-member-${n}`, stores[n - 1].code);
    await client.bindPhone(member.token, `1380013800${n}`);
    // A little history: a purchase at the home store and one at the next store.
    await client.checkout(clerkTokens[n - 1], storeIds[n - 1], member.token, { amountFen: 12_800 * n }, now - 30_000);
    await client.checkout(
      clerkTokens[n % 3],
      storeIds[n % 3],
      member.token,
      { amountFen: 6_600, redeemPoints: 100 },
      now,
    );
    // Online-claimed coupons are used in store by scanning (线上领取的优惠券可在门店扫码使用).
    for (const templateId of coupons) {
      await client.call('POST', '/api/coupons/claim', { templateId }, member.token, true);
    }
  }
}

/** HQ's coupon templates (the claimable ones are returned) and a small rewards catalogue. */
async function seedCouponsAndRewards(client: DemoClient, admin: string, storeIds: string[]): Promise<string[]> {
  const template = (body: Record<string, unknown>) =>
    client.call<{ id: string }>('POST', '/api/admin/coupon-templates', body, admin);
  const tenOff = await template({
    name: '满50减10元',
    type: 'AMOUNT_OFF',
    thresholdFen: 5_000,
    valueFen: 1_000,
    validDays: 30,
    stock: 1_000,
    perMemberLimit: 1,
    claimable: true,
  });
  const hangzhou = await template({
    name: '杭州湖滨店 8折券',
    type: 'PERCENT_OFF',
    thresholdFen: 10_000,
    percentOff: 20,
    maxDiscountFen: 5_000,
    validDays: 14,
    storeIds: [storeIds[1]],
    stock: 200,
    perMemberLimit: 1,
    claimable: true,
    fundedBy: storeIds[1],
  });
  await template({ name: '赠饮一杯', type: 'GIFT', thresholdFen: 0, valueFen: 1_800, validDays: 7, claimable: true });
  const reward = (body: Record<string, unknown>) => client.call('POST', '/api/admin/rewards', body, admin);
  await reward({ name: '品牌帆布袋', description: '限量款', pointsPrice: 300, stock: 50, perMemberLimit: 2 });
  await reward({ name: '保温杯', pointsPrice: 800, stock: 20, perMemberLimit: 1, storeIds: storeIds.slice(0, 2) });
  return [tenOff.id, hangzhou.id];
}
