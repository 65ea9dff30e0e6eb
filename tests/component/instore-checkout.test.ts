import {
  balancesOf,
  checkout,
  countRows,
  createMember,
  createStaff,
  createStore,
  MovableClock,
  newKey,
  scanMember,
  type TestMember,
  topUp,
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
const orderRef = () => `ORD-${++order}`;
const WRITES = [
  'checkouts',
  'ledger_transfers',
  'settlement_lines',
  'outbox',
  'idempotency_keys',
  'earn_daily_totals',
  'checkout_refunds',
];

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  ({ storeA, storeB, clerkA, clerkB, admin } = await twoStores(bff));
});
afterAll(() => bff?.close());

describe('Cross-store earn and redeem', () => {
  test('When a member earns at A and redeems at B, Then the settlement shows A owes B at the point cost', async () => {
    const member = await createMember(bff);
    await topUp(bff, member.id, storeA, 5_000);
    const scanA = await scanMember(bff, clerkA, storeA, member);
    const earned = await checkout(bff, clerkA, storeA, { scanId: scanA, orderRef: orderRef(), amountFen: 50_000 });
    expect(earned.status).toBe(201);
    expect(earned.body).toMatchObject({ pointsEarned: 500, cashDueFen: 50_000, member: { points: 500 } });

    const scanB = await scanMember(bff, clerkB, storeB, member);
    const sheet = await bff.api.post(`/api/stores/${storeB}/scan`, { code: 'x' }, { token: clerkB.token });
    expect(sheet.status).toBe(400);
    const spent = await checkout(bff, clerkB, storeB, {
      scanId: scanB,
      orderRef: orderRef(),
      amountFen: 1_000,
      redeemPoints: 200,
      storedValueFen: 300,
    });
    expect(spent.status).toBe(201);
    expect(spent.body).toMatchObject({
      pointsRedeemed: 200,
      pointsDiscountFen: 200,
      storedValuePaidFen: 300,
      cashDueFen: 500,
      pointsEarned: 5,
    });

    const statement = await bff.api.get('/api/admin/settlements?from=2026-11-01&to=2026-11-30', admin);
    expect(statement.status).toBe(200);
    expect(statement.body.items).toContainEqual({
      fromStoreId: storeA,
      toStoreId: storeB,
      points: 200,
      pointsValueFen: 200,
      storedValueFen: 300,
      couponValueFen: 0,
      netFen: 500,
    });
    const csv = await bff.api.get('/api/admin/settlements?from=2026-11-01&to=2026-11-30&format=csv', admin);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(String(csv.body)).toContain(`${storeA},${storeB},200,200,300,0,500`);
  });

  test('When HQ sets the point cost, Then new checkouts settle at that cost', async () => {
    expect((await bff.api.put('/api/admin/settlement-rule', { pointCostFen: 0.5 }, { token: admin })).status).toBe(200);
    const storeC = await createStore(bff, 'Store C');
    const clerkC = await createStaff(bff, storeC);
    const member = await createMember(bff);
    await checkout(bff, clerkA, storeA, {
      scanId: await scanMember(bff, clerkA, storeA, member),
      orderRef: orderRef(),
      amountFen: 30_000,
    });
    await checkout(bff, clerkC, storeC, {
      scanId: await scanMember(bff, clerkC, storeC, member),
      orderRef: orderRef(),
      amountFen: 1_000,
      redeemPoints: 300,
    });
    const statement = await bff.api.get('/api/admin/settlements?from=2026-11-23&to=2026-11-23', admin);
    expect(statement.body.items).toContainEqual({
      fromStoreId: storeA,
      toStoreId: storeC,
      points: 300,
      pointsValueFen: 150,
      storedValueFen: 0,
      couponValueFen: 0,
      netFen: 150,
    });
    await bff.api.put('/api/admin/settlement-rule', { pointCostFen: 1 }, { token: admin });
  });

  test('When the member first buys, Then that store becomes the home store shown at scan', async () => {
    const member = await createMember(bff);
    await checkout(bff, clerkB, storeB, {
      scanId: await scanMember(bff, clerkB, storeB, member),
      orderRef: orderRef(),
      amountFen: 100,
    });
    await checkout(bff, clerkA, storeA, {
      scanId: await scanMember(bff, clerkA, storeA, member),
      orderRef: orderRef(),
      amountFen: 100,
    });
    clock.advance(30_000);
    const { memberCode } = await import('../support/instore-fixtures');
    const sheet = await bff.api.post(
      `/api/stores/${storeA}/scan`,
      { code: await memberCode(bff, member) },
      { token: clerkA.token },
    );
    expect(sheet.body.member).toMatchObject({ homeStoreId: storeB, homeStoreName: 'Store B' });
    // The default redeem rule (API.md: 100 points = ¥1, at most half the order), for the till's hint.
    expect(sheet.body.member.redeemRule).toEqual({ pointsPerYuan: 100, maxShareOfOrder: 0.5, minPointsPerUse: null });
    const stores = await bff.db.dataSource.query(
      'SELECT store_id FROM checkouts WHERE member_id = ? ORDER BY created_at, id',
      [member.id],
    );
    expect(stores.map((row: { store_id: string }) => row.store_id).sort()).toEqual([storeA, storeB].sort());
  });
});

describe('Preview and idempotency', () => {
  test('When previewed, Then it equals the real checkout and writes nothing', async () => {
    const member = await createMember(bff);
    await topUp(bff, member.id, storeA, 2_000);
    const scanId = await scanMember(bff, clerkA, storeA, member);
    await checkout(bff, clerkA, storeA, { scanId, orderRef: orderRef(), amountFen: 40_000 });
    const body = {
      scanId,
      orderRef: orderRef(),
      amountFen: 9_999,
      redeemPoints: 300,
      storedValueFen: 1_000,
      items: [{ category: 'food', amountFen: 9_999 }],
    };
    const before = await countRows(bff, WRITES);
    const preview = await bff.api.post(`/api/stores/${storeA}/checkouts/preview`, body, { token: clerkA.token });
    expect(preview.status).toBe(200);
    expect(await countRows(bff, WRITES)).toEqual(before);
    const real = await checkout(bff, clerkA, storeA, body);
    expect(real.status).toBe(201);
    // 400 points earned on ¥400 cap the redeem below the rule's half of ¥99.99 (4 999 points).
    expect(preview.body.maxRedeemPoints).toBe(400);
    const { checkoutId: _p, ...previewRest } = preview.body;
    const { checkoutId: _r, ...realRest } = real.body;
    expect(realRest).toEqual(previewRest);
  });

  test('When the order is small, Then maxRedeemPoints is the rule share; blocked from spending, 0', async () => {
    const member = await createMember(bff);
    const scanId = await scanMember(bff, clerkA, storeA, member);
    await checkout(bff, clerkA, storeA, { scanId, orderRef: orderRef(), amountFen: 40_000 });
    const small = { scanId, orderRef: orderRef(), amountFen: 501 };
    const preview = await bff.api.post(`/api/stores/${storeA}/checkouts/preview`, small, { token: clerkA.token });
    expect(preview.body).toMatchObject({ maxRedeemPoints: 250, pointsRedeemed: 0 });
    await bff.db.dataSource.query('UPDATE members SET spend_blocked = 1 WHERE id = ?', [member.id]);
    const blocked = await bff.api.post(`/api/stores/${storeA}/checkouts/preview`, small, { token: clerkA.token });
    expect(blocked.body.maxRedeemPoints).toBe(0);
  });

  test('When the same checkout is replayed, Then the same body; a different body with that key is 409', async () => {
    const member = await createMember(bff);
    const scanId = await scanMember(bff, clerkA, storeA, member);
    const key = newKey();
    const body = { scanId, orderRef: orderRef(), amountFen: 12_300 };
    const first = await checkout(bff, clerkA, storeA, body, key);
    const again = await checkout(bff, clerkA, storeA, body, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await checkout(bff, clerkA, storeA, { ...body, amountFen: 99 }, key);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await balancesOf(bff, member)).points).toBe(123);
  });

  test('When the order reference was already used at this store, Then 409 ORDER_REF_EXISTS', async () => {
    const member = await createMember(bff);
    const scanId = await scanMember(bff, clerkA, storeA, member);
    const ref = orderRef();
    await checkout(bff, clerkA, storeA, { scanId, orderRef: ref, amountFen: 100 });
    const dup = await checkout(bff, clerkA, storeA, { scanId, orderRef: ref, amountFen: 200 });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('ORDER_REF_EXISTS');
  });
});

describe('Guards', () => {
  let member: TestMember;
  let scanId: string;
  beforeAll(async () => {
    member = await createMember(bff);
    await topUp(bff, member.id, storeA, 500);
    scanId = await scanMember(bff, clerkA, storeA, member);
    await checkout(bff, clerkA, storeA, { scanId, orderRef: orderRef(), amountFen: 100_000 });
  });

  test.each([
    ['more than half the order in points', 409, 'REDEEM_LIMIT_EXCEEDED', { amountFen: 1_000, redeemPoints: 501 }],
    ['more points than the member has', 409, 'INSUFFICIENT_POINTS', { amountFen: 1_000_000, redeemPoints: 5_000 }],
    ['more stored value than the member has', 409, 'INSUFFICIENT_BALANCE', { amountFen: 1_000, storedValueFen: 600 }],
    ['a coupon', 409, 'COUPON_NOT_USABLE', { amountFen: 1_000, couponCodes: ['C1'] }],
    ['a negative amount', 400, 'VALIDATION_FAILED', { amountFen: -1 }],
    ['a zero amount', 400, 'VALIDATION_FAILED', { amountFen: 0 }],
    ['a fractional amount', 400, 'VALIDATION_FAILED', { amountFen: 10.5 }],
    ['an amount as text', 400, 'VALIDATION_FAILED', { amountFen: '100' }],
    ['fractional points', 400, 'VALIDATION_FAILED', { amountFen: 1_000, redeemPoints: 1.5 }],
    ['items that do not add up', 400, 'VALIDATION_FAILED', { amountFen: 1_000, items: [{ amountFen: 999 }] }],
    ['an unknown field', 400, 'VALIDATION_FAILED', { amountFen: 1_000, tip: 1 }],
    ['stored value above the amount due', 400, 'VALIDATION_FAILED', { amountFen: 100, storedValueFen: 200 }],
  ])('When the checkout asks for %s, Then %i %s and nothing changes', async (_name, status, code, extra) => {
    const before = await countRows(bff, WRITES);
    const pointsBefore = await balancesOf(bff, member);
    const res = await checkout(bff, clerkA, storeA, { scanId, orderRef: orderRef(), ...extra });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(await countRows(bff, WRITES)).toEqual(before);
    expect(await balancesOf(bff, member)).toEqual(pointsBefore);
  });

  test('When the scan is unknown or from another store, Then 404 SCAN_NOT_FOUND; when old, 410 SCAN_EXPIRED', async () => {
    expect(
      (await checkout(bff, clerkA, storeA, { scanId: 'nope', orderRef: orderRef(), amountFen: 100 })).body.error.code,
    ).toBe('SCAN_NOT_FOUND');
    const otherStore = await checkout(bff, clerkB, storeB, { scanId, orderRef: orderRef(), amountFen: 100 });
    expect(otherStore.status).toBe(404);
    expect(otherStore.body.error.code).toBe('SCAN_NOT_FOUND');
    const old = await scanMember(bff, clerkA, storeA, member);
    clock.advance(10 * 60_000 + 1);
    const expired = await checkout(bff, clerkA, storeA, { scanId: old, orderRef: orderRef(), amountFen: 100 });
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('SCAN_EXPIRED');
  });

  test('When a spend-blocked member spends, Then 403 MEMBER_BLOCKED; paying cash still works', async () => {
    const blocked = await createMember(bff, { spendBlocked: true });
    const id = await scanMember(bff, clerkA, storeA, blocked);
    const res = await checkout(bff, clerkA, storeA, {
      scanId: id,
      orderRef: orderRef(),
      amountFen: 1_000,
      storedValueFen: 1,
    });
    expect(res.body.error.code).toBe('MEMBER_BLOCKED');
    expect((await checkout(bff, clerkA, storeA, { scanId: id, orderRef: orderRef(), amountFen: 1_000 })).status).toBe(
      201,
    );
  });

  test('When an earn-blocked member buys, Then 0 points and the breakdown says why', async () => {
    const blocked = await createMember(bff, { earnBlocked: true });
    const res = await checkout(bff, clerkA, storeA, {
      scanId: await scanMember(bff, clerkA, storeA, blocked),
      orderRef: orderRef(),
      amountFen: 10_000,
    });
    expect(res.body).toMatchObject({
      pointsEarned: 0,
      earnBreakdown: { noEarnReason: 'EARN_BLOCKED', finalPoints: 0 },
    });
  });
});
