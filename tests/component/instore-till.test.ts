import { DataCrypto } from '../../bff/src/domain/shared/data-crypto';
import {
  checkout,
  createMember,
  createStaff,
  createStore,
  MovableClock,
  refund,
  scanMember,
  type TestMember,
} from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

const clock = new MovableClock(new Date('2026-11-25T02:00:00Z'));
let bff: TestBff;
let storeA: string;
let storeB: string;
let clerkA: TestMember;
let managerA: TestMember;
let order = 0;
const orderRef = () => `T-${++order}`;

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  storeA = await createStore(bff, 'Till A');
  storeB = await createStore(bff, 'Till B');
  clerkA = await createStaff(bff, storeA);
  managerA = await createStaff(bff, storeA, 'manager');
});
afterAll(() => bff?.close());

async function buy(member: TestMember, body: Record<string, unknown>, staff = clerkA, storeId = storeA) {
  const res = await checkout(bff, staff, storeId, {
    scanId: await scanMember(bff, staff, storeId, member),
    orderRef: orderRef(),
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body as { checkoutId: string; pointsEarned: number };
}

/** Binds a phone straight in the members row, as binding it would store it (encrypted + blind index). */
async function givePhone(member: TestMember, phone: string): Promise<void> {
  const crypto = new DataCrypto(bff.config.DATA_KEY);
  await bff.db.dataSource.query('UPDATE members SET phone_enc = ?, phone_index = ? WHERE id = ?', [
    crypto.encrypt(phone),
    crypto.blindIndex(`phone:${phone}`),
    member.id,
  ]);
}

/** MariaDB's checksum of every table: any row written, changed or deleted changes one of them. */
async function tableChecksums(): Promise<Record<string, string>> {
  const tables = (await bff.db.dataSource.query('SHOW TABLES')) as Array<Record<string, string>>;
  const names = tables.map((row) => Object.values(row)[0]);
  const sums = (await bff.db.dataSource.query(`CHECKSUM TABLE ${names.map((n) => `\`${n}\``).join(', ')}`)) as Array<{
    Table: string;
    Checksum: string | number;
  }>;
  return Object.fromEntries(sums.map((row) => [row.Table, String(row.Checksum)]));
}

const dayOf = (query: string, token = clerkA.token) => bff.api.get(`/api/stores/${storeA}/checkouts?${query}`, token);

describe('Staff day view, paged', () => {
  test('When a day has five sales and pages of two are read, Then newest first, three pages, and the whole day in every total', async () => {
    clock.set('2026-11-26T01:00:00Z');
    const withPhone = await createMember(bff);
    await givePhone(withPhone, '13812341234');
    const withoutPhone = await createMember(bff);
    const ids: string[] = [];
    for (const [member, amountFen] of [
      [withPhone, 1_000],
      [withoutPhone, 2_000],
      [withPhone, 3_000],
      [withoutPhone, 4_000],
      [withPhone, 5_000],
    ] as const) {
      ids.push((await buy(member, { amountFen })).checkoutId);
    }
    await refund(bff, clerkA, storeA, ids[0], { amountFen: 300 });
    // By hand: 1000+2000+3000+4000+5000 = 15000 fen, 1 point per yuan = 150 points, ¥3 refunded.
    const dayTotals = {
      count: 5,
      amountFen: 15_000,
      cashDueFen: 15_000,
      pointsEarned: 150,
      pointsRedeemed: 0,
      storedValuePaidFen: 0,
      refundedFen: 300,
      // Each member's first purchase here made store A their home store.
      homeMembers: { count: 5, amountFen: 15_000 },
      visitingMembers: { count: 0, amountFen: 0 },
    };
    const seen: string[] = [];
    let cursor: string | null = null;
    const pageSizes: number[] = [];
    do {
      const res = await dayOf(`date=2026-11-26&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.totals).toEqual(dayTotals);
      expect(res.body.date).toBe('2026-11-26');
      pageSizes.push(res.body.items.length);
      seen.push(...res.body.items.map((item: { checkoutId: string }) => item.checkoutId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(pageSizes).toEqual([2, 2, 1]);
    expect(seen).toEqual([...ids].reverse());
    const first = (await dayOf('date=2026-11-26&limit=5')).body;
    expect(first.nextCursor).toBeNull();
    expect(first.items.map((item: { memberPhoneMasked: string | null }) => item.memberPhoneMasked)).toEqual([
      '138****1234',
      null,
      '138****1234',
      null,
      '138****1234',
    ]);
    expect(first.items[4].refunds).toHaveLength(1);
  });

  test('When no limit is given, Then at most 20 rows (API.md lists) and a cursor for the rest', async () => {
    clock.set('2026-11-27T01:00:00Z');
    const member = await createMember(bff);
    for (let i = 0; i < 21; i++) await buy(member, { amountFen: 100 });
    const res = await dayOf('date=2026-11-27');
    expect(res.body.items).toHaveLength(20);
    expect(res.body.totals.count).toBe(21);
    const rest = await dayOf(`date=2026-11-27&cursor=${encodeURIComponent(res.body.nextCursor)}`);
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();
  });

  test.each([
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['limit=two', 'query.limit'],
    ['cursor=bm90LWEtY3Vyc29y', 'query.cursor'],
  ])('When the day view is asked with %s, Then 400 VALIDATION_FAILED', async (query) => {
    const res = await dayOf(`date=2026-11-26&${query}`);
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('Refund preview', () => {
  const previewOf = (checkoutId: string, body: Record<string, unknown> = {}, staff = clerkA, storeId = storeA) =>
    bff.api.post(`/api/stores/${storeId}/checkouts/${checkoutId}/refund/preview`, body, { token: staff.token });

  test('When a refund that leaves a debt is previewed, Then the preview states the debt, writes nothing, and the refund then does exactly that', async () => {
    clock.set('2026-11-28T01:00:00Z');
    const member = await createMember(bff);
    const big = await buy(member, { amountFen: 50_000 }); // 500 points
    await buy(member, { amountFen: 1_000, redeemPoints: 400 }); // ¥4 off, ¥6 cash earns 6: 106 points left
    const before = await tableChecksums();
    const preview = await previewOf(big.checkoutId);
    expect(preview.status).toBe(200);
    // By hand: 500 earned must come back; 106 are there, 394 become a debt.
    expect(preview.body).toEqual({
      refundedFen: 50_000,
      refundableFen: 50_000,
      cashRefundFen: 50_000,
      pointsReturned: 0,
      pointsClawedBack: 106,
      pointsDebt: 394,
      pointsPendingVoided: 0,
      storedValueReturnedFen: 0,
      couponsRestored: false,
    });
    expect(await tableChecksums()).toEqual(before);
    const done = await refund(bff, clerkA, storeA, big.checkoutId);
    const { refundId, ...rest } = done.body;
    expect(typeof refundId).toBe('string');
    const { refundableFen: _left, ...previewed } = preview.body;
    expect(rest).toEqual(previewed);
  });

  test('When a partial refund is previewed, Then it is prorated and refundableFen is what was left before it', async () => {
    clock.set('2026-11-28T02:00:00Z');
    const member = await createMember(bff);
    const sale = await buy(member, { amountFen: 10_000 });
    await refund(bff, clerkA, storeA, sale.checkoutId, { amountFen: 2_000 });
    const res = await previewOf(sale.checkoutId, { amountFen: 3_000 });
    expect(res.status).toBe(200);
    // 100 points on ¥100; ¥30 of it is 30 points clawed back, no debt (80 left after the first refund).
    expect(res.body).toMatchObject({ refundedFen: 3_000, refundableFen: 8_000, pointsClawedBack: 30, pointsDebt: 0 });
  });

  describe('guards: the same answers as the refund, and nothing written', () => {
    let sale: { checkoutId: string };
    beforeAll(async () => {
      clock.set('2026-11-29T01:00:00Z');
      sale = await buy(await createMember(bff), { amountFen: 5_000 });
    });

    test.each([
      ['more than was paid', { amountFen: 5_001 }, 409, 'REFUND_EXCEEDS_PAID'],
      ['a negative amount', { amountFen: -5 }, 400, 'VALIDATION_FAILED'],
      ['a fractional amount', { amountFen: 1.5 }, 400, 'VALIDATION_FAILED'],
      ['an unknown field', { amountYuan: 5 }, 400, 'VALIDATION_FAILED'],
    ])('When the preview asks for %s, Then 4xx and nothing changes', async (_name, body, status, code) => {
      const before = await tableChecksums();
      const res = await previewOf(sale.checkoutId, body);
      expect([res.status, res.body.error.code]).toEqual([status, code]);
      expect(await tableChecksums()).toEqual(before);
    });

    test("When another store's checkout is previewed, Then 404 CHECKOUT_NOT_FOUND", async () => {
      const clerkB = await createStaff(bff, storeB);
      const res = await previewOf(sale.checkoutId, {}, clerkB, storeB);
      expect([res.status, res.body.error.code]).toEqual([404, 'CHECKOUT_NOT_FOUND']);
    });

    test('When someone without a role at the store previews, Then 403 NOT_STAFF_OF_STORE', async () => {
      const stranger = await createMember(bff);
      const res = await previewOf(sale.checkoutId, {}, stranger);
      expect([res.status, res.body.error.code]).toEqual([403, 'NOT_STAFF_OF_STORE']);
    });

    test('When an earlier day is previewed, Then a clerk is refused as for the refund and a manager sees the answer', async () => {
      clock.advance(24 * 3600_000);
      const clerk = await previewOf(sale.checkoutId, { amountFen: 100 });
      expect([clerk.status, clerk.body.error.code]).toEqual([403, 'MANAGER_REQUIRED']);
      const before = await tableChecksums();
      const manager = await previewOf(sale.checkoutId, { amountFen: 100 }, managerA);
      expect(manager.status).toBe(200);
      expect(await tableChecksums()).toEqual(before);
    });
  });
});
