import {
  buyer,
  checkout,
  createMember,
  grantPoints,
  MovableClock,
  scanMember,
  type TestMember,
  twoStores,
} from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

// Monday 2026-11-23, 12:00 in Shanghai.
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let storeA: string;
let storeB: string;
let clerkA: TestMember;
let clerkB: TestMember;
let admin: string;
let order = 0;

const hqRule = {
  pointsPerYuan: 1,
  minOrderFen: 0,
  tierMultipliers: { silver: 2 },
  categoryMultipliers: { tobacco: 0 },
  campaigns: [{ name: 'member day', weekdays: [1], multiplier: 2 }],
};
const storeBRule = { pointsPerYuan: 3, minOrderFen: 5_000, perOrderCapPoints: 200, dailyCapPoints: 250 };

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  ({ storeA, storeB, clerkA, clerkB, admin } = await twoStores(bff));
});
afterAll(() => bff?.close());

const buy = buyer(() => bff, 'OB');

describe('Rules through HTTP', () => {
  test('When HQ has set nothing, Then the defaults apply (1 point per yuan; 100 points per yuan, half the order)', async () => {
    expect((await bff.api.get('/api/admin/earn-rule', admin)).body).toMatchObject({
      version: 0,
      rule: { pointsPerYuan: 1, minOrderFen: 0 },
    });
    expect((await bff.api.get('/api/admin/redeem-rule', admin)).body.rule).toEqual({
      pointsPerYuan: 100,
      maxShareOfOrder: 0.5,
    });
  });

  test('When HQ and store B set rules, Then each store applies its own, versioned', async () => {
    const put = await bff.api.put('/api/admin/earn-rule', hqRule, { token: admin });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ version: 1, scope: 'HQ' });
    const putB = await bff.api.put(`/api/admin/stores/${storeB}/earn-rule`, storeBRule, { token: admin });
    expect(putB.body).toMatchObject({ version: 1, scope: storeB });
    expect((await bff.api.get(`/api/admin/stores/${storeA}/earn-rule`, admin)).body).toMatchObject({
      inherited: true,
      scope: 'HQ',
    });
    const audit = await bff.db.dataSource.query("SELECT action FROM audit_log WHERE action LIKE 'rule.%'");
    expect(audit).toHaveLength(2);

    const member = await createMember(bff);
    const atA = await buy(clerkA, storeA, member, { amountFen: 10_000 });
    expect(atA).toMatchObject({ pointsEarned: 200, ruleVersion: { earnRuleId: put.body.ruleId, earnRuleScope: 'HQ' } });
    expect(atA.earnBreakdown.campaign).toEqual({ name: 'member day', multiplier: 2, fundedBy: 'STORE' });
    const atB = await buy(clerkB, storeB, await createMember(bff), { amountFen: 10_000 });
    expect(atB).toMatchObject({ pointsEarned: 200, ruleVersion: { earnRuleId: putB.body.ruleId } });
    expect(atB.earnBreakdown.caps.applied).toEqual(['PER_ORDER']);
    // The daily cap counts the member's earnings at every store that day: 200 at A leaves 50 at B.
    const sameMemberAtB = await buy(clerkB, storeB, member, { amountFen: 10_000 });
    expect(sameMemberAtB).toMatchObject({
      pointsEarned: 50,
      earnBreakdown: { caps: { applied: ['PER_ORDER', 'DAILY'] } },
    });
  });

  test('When store B has a minimum order and a daily cap, Then small orders earn nothing and the day stops at the cap', async () => {
    const member = await createMember(bff);
    const small = await buy(clerkB, storeB, member, { amountFen: 4_999 });
    expect(small.earnBreakdown).toMatchObject({ finalPoints: 0, noEarnReason: 'BELOW_MIN_ORDER' });
    expect((await buy(clerkB, storeB, member, { amountFen: 10_000 })).pointsEarned).toBe(200);
    const capped = await buy(clerkB, storeB, member, { amountFen: 10_000 });
    expect(capped).toMatchObject({
      pointsEarned: 50,
      earnBreakdown: { caps: { applied: ['PER_ORDER', 'DAILY'], earnedTodayPoints: 200 } },
    });
    clock.advance(24 * 3600_000); // Tuesday: a new day, and no member-day campaign at A
    expect((await buy(clerkB, storeB, member, { amountFen: 10_000 })).pointsEarned).toBe(200);
    expect((await buy(clerkA, storeA, member, { amountFen: 10_000 })).pointsEarned).toBe(100);
  });

  test('When tobacco is in the basket, Then it earns nothing; when the member is silver, Then ×2', async () => {
    const member = await createMember(bff, { tier: 'silver' });
    const body = {
      amountFen: 10_000,
      items: [
        { category: 'tobacco', amountFen: 6_000 },
        { sku: 'milk', amountFen: 4_000 },
      ],
    };
    const res = await buy(clerkA, storeA, member, body);
    expect(res).toMatchObject({ pointsEarned: 80, earnBreakdown: { tierMultiplier: 2 } });
    expect(res.earnBreakdown.lines.map((line: { multiplier: number }) => line.multiplier)).toEqual([0, 1]);
  });

  test('When HQ changes the redeem rule, Then the max share and the unit follow', async () => {
    expect(
      (await bff.api.put('/api/admin/redeem-rule', { pointsPerYuan: 10, maxShareOfOrder: 0.2 }, { token: admin }))
        .status,
    ).toBe(200);
    const member = await createMember(bff);
    await grantPoints(bff, member.id, storeA, 1_000);
    const scanId = await scanMember(bff, clerkA, storeA, member);
    const over = await checkout(bff, clerkA, storeA, {
      scanId,
      orderRef: `O-${++order}`,
      amountFen: 10_000,
      redeemPoints: 201,
    });
    expect(over.body.error.code).toBe('REDEEM_LIMIT_EXCEEDED');
    const ok = await checkout(bff, clerkA, storeA, {
      scanId,
      orderRef: `O-${++order}`,
      amountFen: 10_000,
      redeemPoints: 200,
    });
    expect(ok.body).toMatchObject({ pointsDiscountFen: 2_000, cashDueFen: 8_000 });
    await bff.api.put('/api/admin/redeem-rule', { pointsPerYuan: 100, maxShareOfOrder: 0.5 }, { token: admin });
  });

  test.each([
    ['a share above 1', '/api/admin/redeem-rule', { pointsPerYuan: 100, maxShareOfOrder: 1.5 }],
    ['negative points per yuan', '/api/admin/earn-rule', { pointsPerYuan: -1, minOrderFen: 0 }],
    [
      'weekday 8',
      '/api/admin/earn-rule',
      { pointsPerYuan: 1, minOrderFen: 0, campaigns: [{ name: 'x', weekdays: [8], multiplier: 2 }] },
    ],
    ['an unknown tier', '/api/admin/earn-rule', { pointsPerYuan: 1, minOrderFen: 0, tierMultipliers: { platinum: 2 } }],
    ['a pending period over 30 days', '/api/admin/earn-rule', { pointsPerYuan: 1, minOrderFen: 0, pendingDays: 31 }],
  ])('When a rule has %s, Then 400 and no new version', async (_name, path, body) => {
    const before = await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM rule_versions');
    const res = await bff.api.put(path, body, { token: admin });
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM rule_versions')).toEqual(before);
  });

  test('When the store is unknown or the caller is not HQ, Then 404 / 403', async () => {
    expect((await bff.api.put('/api/admin/stores/nope/earn-rule', storeBRule, { token: admin })).body.error.code).toBe(
      'STORE_NOT_FOUND',
    );
    expect((await bff.api.put('/api/admin/earn-rule', hqRule, { token: clerkA.token })).status).toBe(403);
  });
});

describe('Tiers', () => {
  test('When rolling 12-month spend passes ¥1,000, Then silver, recorded, and the multiplier applies next time', async () => {
    clock.set('2026-11-26T04:00:00Z'); // Thursday: no campaign
    const member = await createMember(bff);
    const first = await buy(clerkA, storeA, member, { amountFen: 100_000 });
    expect(first).toMatchObject({ pointsEarned: 1_000, member: { tier: 'silver' } });
    const changes = await bff.db.dataSource.query(
      'SELECT from_tier, to_tier, rolling_paid_fen FROM tier_changes WHERE member_id = ?',
      [member.id],
    );
    expect(changes.map((c: Record<string, unknown>) => [c.from_tier, c.to_tier, Number(c.rolling_paid_fen)])).toEqual([
      ['basic', 'silver', 100_000],
    ]);
    expect((await buy(clerkA, storeA, member, { amountFen: 1_000 })).pointsEarned).toBe(20);
  });
});

describe('Notifications', () => {
  test('When the member accepted a subscribe message, Then one message is queued in the checkout, and only one', async () => {
    const member = await createMember(bff);
    const sub = await bff.api.post(
      '/api/me/subscriptions',
      { templateId: 'test-template-points-changed', accepted: true },
      { token: member.token },
    );
    expect(sub.body).toEqual({ templateId: 'test-template-points-changed', acceptedCount: 1 });
    const first = await buy(clerkA, storeA, member, { amountFen: 1_000 });
    await buy(clerkA, storeA, member, { amountFen: 1_000 });
    const rows = await bff.db.dataSource.query(
      "SELECT dedupe_key, payload, status FROM outbox WHERE kind = 'wechat.subscribe.points'",
    );
    const mine = rows.filter((row: { payload: string }) => JSON.parse(row.payload).memberId === member.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ dedupe_key: `checkout-points:${first.checkoutId}`, status: 'pending' });
    expect(JSON.parse(mine[0].payload)).toMatchObject({ templateId: 'test-template-points-changed', pointsEarned: 10 });
  });
});
