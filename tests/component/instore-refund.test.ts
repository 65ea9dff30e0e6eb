import {
  balancesOf,
  checkout,
  countRows,
  createMember,
  createStaff,
  createStore,
  grantPoints,
  MovableClock,
  newKey,
  refund,
  scanMember,
  type TestMember,
  topUp,
} from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let storeA: string;
let storeB: string;
let clerkA: TestMember;
let clerkB: TestMember;
let managerA: TestMember;
let order = 0;
const orderRef = () => `R-${++order}`;
const WRITES = ['checkouts', 'ledger_transfers', 'settlement_lines', 'checkout_refunds', 'idempotency_keys'];

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  storeA = await createStore(bff, 'Store A');
  storeB = await createStore(bff, 'Store B');
  clerkA = await createStaff(bff, storeA);
  clerkB = await createStaff(bff, storeB);
  managerA = await createStaff(bff, storeA, 'manager');
});
afterAll(() => bff?.close());

async function buy(staff: TestMember, storeId: string, member: TestMember, body: Record<string, unknown>) {
  const res = await checkout(bff, staff, storeId, {
    scanId: await scanMember(bff, staff, storeId, member),
    orderRef: orderRef(),
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe('Refund', () => {
  test('When earned points were already spent, Then the refund leaves exactly that debt, repaid by the next earns', async () => {
    const member = await createMember(bff);
    const x = await buy(clerkA, storeA, member, { amountFen: 50_000 });
    await buy(clerkB, storeB, member, { amountFen: 1_000, redeemPoints: 400 }); // earns 6 on ¥6 cash
    expect((await balancesOf(bff, member)).points).toBe(106);
    const res = await refund(bff, clerkA, storeA, x.checkoutId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      refundedFen: 50_000,
      cashRefundFen: 50_000,
      pointsClawedBack: 106,
      pointsDebt: 394,
      pointsReturned: 0,
    });
    expect(await balancesOf(bff, member)).toMatchObject({ points: 0, pointsDebt: 394 });
    await buy(clerkA, storeA, member, { amountFen: 30_000 });
    expect(await balancesOf(bff, member)).toMatchObject({ points: 0, pointsDebt: 94 });
    await buy(clerkA, storeA, member, { amountFen: 20_000 });
    expect(await balancesOf(bff, member)).toMatchObject({ points: 106, pointsDebt: 0 });
  });

  test('When an order is refunded in parts, Then the parts add up to a full refund and every balance comes back', async () => {
    const member = await createMember(bff);
    await topUp(bff, member.id, storeA, 2_000);
    await grantPoints(bff, member.id, storeA, 1_000);
    const sale = await buy(clerkB, storeB, member, { amountFen: 10_001, redeemPoints: 500, storedValueFen: 1_234 });
    expect(sale).toMatchObject({ cashDueFen: 8_267, pointsEarned: 82 });
    const parts: Array<Record<string, number>> = [];
    for (const amountFen of [3_001, 2_500, undefined]) {
      const res = await refund(bff, clerkB, storeB, sale.checkoutId, amountFen ? { amountFen } : {});
      expect(res.status).toBe(200);
      parts.push(res.body);
    }
    const total = (key: string) => parts.reduce((sum, part) => sum + part[key], 0);
    expect(total('refundedFen')).toBe(10_001);
    expect(total('pointsReturned')).toBe(500);
    expect(total('storedValueReturnedFen')).toBe(1_234);
    expect(total('cashRefundFen')).toBe(8_267);
    expect(total('pointsClawedBack')).toBe(82);
    expect(await balancesOf(bff, member)).toMatchObject({ points: 1_000, storedValueFen: 2_000, pointsDebt: 0 });
    const [net] = await bff.db.dataSource.query(
      `SELECT SUM(points) AS points, SUM(stored_value_fen) AS sv FROM settlement_lines
        WHERE cause_id = ? OR cause_id IN (SELECT id FROM checkout_refunds WHERE checkout_id = ?)`,
      [sale.checkoutId, sale.checkoutId],
    );
    expect([Number(net.points), Number(net.sv)]).toEqual([0, 0]);
    const again = await refund(bff, clerkB, storeB, sale.checkoutId, { amountFen: 1 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_REFUNDED');
  });

  test('When a refund is replayed, Then the same answer and one refund', async () => {
    const member = await createMember(bff);
    const sale = await buy(clerkA, storeA, member, { amountFen: 5_000 });
    const key = newKey();
    const first = await refund(bff, clerkA, storeA, sale.checkoutId, { amountFen: 1_000 }, key);
    const second = await refund(bff, clerkA, storeA, sale.checkoutId, { amountFen: 1_000 }, key);
    expect(second.body).toEqual(first.body);
    const [row] = await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM checkout_refunds WHERE checkout_id = ?', [
      sale.checkoutId,
    ]);
    expect(Number(row.n)).toBe(1);
  });

  describe('guards', () => {
    let sale: { checkoutId: string };
    beforeAll(async () => {
      sale = await buy(clerkA, storeA, await createMember(bff), { amountFen: 5_000 });
    });

    test.each([
      ['more than was paid', { amountFen: 5_001 }, 409, 'REFUND_EXCEEDS_PAID'],
      ['a negative amount', { amountFen: -5 }, 400, 'VALIDATION_FAILED'],
      ['a zero amount', { amountFen: 0 }, 400, 'VALIDATION_FAILED'],
      ['a fractional amount', { amountFen: 1.5 }, 400, 'VALIDATION_FAILED'],
      ['an amount as text', { amountFen: '10' }, 400, 'VALIDATION_FAILED'],
    ])('When the refund asks for %s, Then 4xx and nothing changes', async (_name, body, status, code) => {
      const before = await countRows(bff, WRITES);
      const res = await refund(bff, clerkA, storeA, sale.checkoutId, body);
      expect([res.status, res.body.error.code]).toEqual([status, code]);
      expect(await countRows(bff, WRITES)).toEqual(before);
    });

    test("When another store's checkout is refunded, Then 404 CHECKOUT_NOT_FOUND", async () => {
      const res = await refund(bff, clerkB, storeB, sale.checkoutId);
      expect([res.status, res.body.error.code]).toEqual([404, 'CHECKOUT_NOT_FOUND']);
      expect((await refund(bff, clerkA, storeA, 'no-such-checkout')).body.error.code).toBe('CHECKOUT_NOT_FOUND');
    });

    test('When the checkout is from an earlier day, Then only a manager may refund it', async () => {
      clock.advance(24 * 3600_000);
      const clerk = await refund(bff, clerkA, storeA, sale.checkoutId, { amountFen: 100 });
      expect([clerk.status, clerk.body.error.code]).toEqual([403, 'MANAGER_REQUIRED']);
      expect((await refund(bff, managerA, storeA, sale.checkoutId, { amountFen: 100 })).status).toBe(200);
      const audit = await bff.db.dataSource.query('SELECT actor_id, action FROM audit_log WHERE target_id = ?', [
        sale.checkoutId,
      ]);
      expect(audit).toEqual([{ actor_id: managerA.id, action: 'checkout.refund.earlier-day' }]);
    });
  });
});

describe('Staff day view', () => {
  test("When the store lists a day, Then that day's checkouts with their refunds and totals", async () => {
    clock.set('2026-12-01T02:00:00Z');
    const member = await createMember(bff);
    const a = await buy(clerkA, storeA, member, { amountFen: 1_000 });
    await buy(clerkA, storeA, member, { amountFen: 2_500 });
    await refund(bff, clerkA, storeA, a.checkoutId, { amountFen: 400 });
    const res = await bff.api.get(`/api/stores/${storeA}/checkouts?date=2026-12-01`, clerkA.token);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    // Newest first: the refunded sale is the older one, so it comes second.
    expect(res.body.items.map((item: { checkoutId: string }) => item.checkoutId)[1]).toBe(a.checkoutId);
    expect(res.body.items[1].refunds).toHaveLength(1);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.totals).toEqual({
      count: 2,
      amountFen: 3_500,
      cashDueFen: 3_500,
      pointsEarned: 35,
      pointsRedeemed: 0,
      storedValuePaidFen: 0,
      refundedFen: 400,
      homeMembers: { count: 2, amountFen: 3_500 },
      visitingMembers: { count: 0, amountFen: 0 },
    });
    // The first purchase made store A the member's home store: both sales are a home member's.
    expect(res.body.items.map((item: { homeMember: boolean }) => item.homeMember)).toEqual([true, true]);
    expect(res.body.items[1].memberHomeStoreId).toBe(storeA);
    expect(res.body.items[1].refunds[0]).toMatchObject({ refundedFen: 400, pointsPendingVoided: 0 });
    const today = await bff.api.get(`/api/stores/${storeA}/checkouts`, clerkA.token);
    expect(today.body.date).toBe('2026-12-01');
    expect((await bff.api.get(`/api/stores/${storeA}/checkouts?date=2026-12-02`, clerkA.token)).body.items).toEqual([]);
    expect((await bff.api.get(`/api/stores/${storeA}/checkouts?date=12/01`, clerkA.token)).status).toBe(400);
    expect((await bff.api.get(`/api/stores/${storeA}/checkouts`, clerkB.token)).status).toBe(403);
  });

  test("When a member of store A buys at store B, Then B's day splits the sale off as a visiting member's", async () => {
    clock.set('2026-12-03T02:00:00Z');
    const regular = await createMember(bff);
    const visitor = await createMember(bff);
    await buy(clerkA, storeA, visitor, { amountFen: 1_000 }); // home store: A
    await buy(clerkB, storeB, visitor, { amountFen: 2_000 });
    await buy(clerkB, storeB, regular, { amountFen: 700 }); // first purchase: home store B
    await buy(clerkA, storeA, regular, { amountFen: 300 });
    const atB = (await bff.api.get(`/api/stores/${storeB}/checkouts?date=2026-12-03`, clerkB.token)).body;
    expect(atB.totals.homeMembers).toEqual({ count: 1, amountFen: 700 });
    expect(atB.totals.visitingMembers).toEqual({ count: 1, amountFen: 2_000 });
    // Newest first: the regular's sale (home B) was after the visitor's (home A).
    expect(atB.items.map((item: { memberHomeStoreId: string }) => item.memberHomeStoreId)).toEqual([storeB, storeA]);
    const atA = (await bff.api.get(`/api/stores/${storeA}/checkouts?date=2026-12-03`, clerkA.token)).body;
    expect(atA.totals.homeMembers).toEqual({ count: 1, amountFen: 1_000 });
    expect(atA.totals.visitingMembers).toEqual({ count: 1, amountFen: 300 });
  });
});
