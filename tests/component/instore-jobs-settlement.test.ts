import { buyer, createMember, MovableClock, refund, type TestMember, twoStores } from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

// Monday 2026-11-23, 12:00 in Shanghai.
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let storeA: string;
let storeB: string;
let clerkA: TestMember;
let clerkB: TestMember;
let admin: string;

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  ({ storeA, storeB, clerkA, clerkB, admin } = await twoStores(bff));
});
afterAll(() => bff?.close());

const buy = buyer(() => bff, 'J');

const statement = async (from = '2026-11-01', to = '2026-12-31') =>
  (await bff.api.get(`/api/admin/settlements?from=${from}&to=${to}`, admin)).body.items;

describe('Settlement with HQ-funded points', () => {
  test('When an HQ-funded campaign earns at A and the points are redeemed at B, Then HQ owes B its part and A its own', async () => {
    await bff.api.put(
      `/api/admin/stores/${storeA}/earn-rule`,
      { pointsPerYuan: 1, minOrderFen: 0, campaigns: [{ name: 'HQ double', multiplier: 2, fundedBy: 'HQ' }] },
      { token: admin },
    );
    const member = await createMember(bff);
    const earned = await buy(clerkA, storeA, member, { amountFen: 30_000 });
    expect(earned.earnBreakdown).toMatchObject({ finalPoints: 600, storeFundedPoints: 300, hqFundedPoints: 300 });
    // Both lots expire at the same time; the ledger takes the older lot id first: the store's part.
    const spent = await buy(clerkB, storeB, member, { amountFen: 1_000, redeemPoints: 500 });
    expect(spent.pointsRedeemed).toBe(500);
    const items = await statement();
    expect(items).toContainEqual({
      fromStoreId: storeA,
      toStoreId: storeB,
      points: 300,
      pointsValueFen: 300,
      storedValueFen: 0,
      couponValueFen: 0,
      netFen: 300,
    });
    expect(items).toContainEqual({
      fromStoreId: 'HQ',
      toStoreId: storeB,
      points: 200,
      pointsValueFen: 200,
      storedValueFen: 0,
      couponValueFen: 0,
      netFen: 200,
    });

    await refund(bff, clerkB, storeB, spent.checkoutId, { amountFen: 500 });
    const after = await statement();
    const hq = after.find((row: { fromStoreId: string }) => row.fromStoreId === 'HQ');
    const fromA = after.find(
      (row: { fromStoreId: string; toStoreId: string }) => row.fromStoreId === storeA && row.toStoreId === storeB,
    );
    expect(hq.points + fromA.points).toBe(250); // half of the 500 redeemed points came back
    expect(await statement('2026-10-01', '2026-10-31')).toEqual([]);
  });

  test('When the period is malformed or the caller is not HQ, Then 400 / 403', async () => {
    expect((await bff.api.get('/api/admin/settlements?from=2026-13', admin)).status).toBe(400);
    expect((await bff.api.get('/api/admin/settlements', clerkA.token)).status).toBe(403);
  });
});

describe('Jobs', () => {
  test('When refresh-tiers runs a year after the spend, Then the member drops back and the change is recorded', async () => {
    const member = await createMember(bff);
    const sale = await buy(clerkA, storeA, member, { amountFen: 600_000 });
    expect(sale.member.tier).toBe('gold');
    const run = await bff.api.post(
      '/api/admin/jobs/refresh-tiers/run',
      { asOf: '2027-12-01T00:00:00Z' },
      { token: admin },
    );
    expect(run.status).toBe(200);
    expect(run.body.processed).toBeGreaterThanOrEqual(1);
    const [row] = await bff.db.dataSource.query('SELECT tier FROM members WHERE id = ?', [member.id]);
    expect(row.tier).toBe('basic');
    const changes = await bff.db.dataSource.query(
      'SELECT to_tier, reason FROM tier_changes WHERE member_id = ? ORDER BY created_at',
      [member.id],
    );
    expect(changes).toEqual([
      { to_tier: 'gold', reason: 'checkout' },
      { to_tier: 'basic', reason: 'refresh-tiers' },
    ]);
    const again = await bff.api.post(
      '/api/admin/jobs/refresh-tiers/run',
      { asOf: '2027-12-01T00:00:00Z' },
      { token: admin },
    );
    expect(again.body.processed).toBe(0);
  });
});
