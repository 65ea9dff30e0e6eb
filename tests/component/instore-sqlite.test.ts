import {
  balancesOf,
  checkout,
  createMember,
  createStaff,
  createStore,
  grantPoints,
  MovableClock,
  refund,
  scanMember,
} from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

let bff: TestBff;
beforeAll(async () => {
  bff = await bootTestBff({ sqlite: true, clock: new MovableClock(new Date('2026-11-23T04:00:00Z')) });
});
afterAll(() => bff?.close());

test('When the embedded SQLite database is used, Then scan, checkout and refund work as on MariaDB', async () => {
  const storeA = await createStore(bff, 'Store A');
  const storeB = await createStore(bff, 'Store B');
  const clerkB = await createStaff(bff, storeB);
  const member = await createMember(bff);
  await grantPoints(bff, member.id, storeA, 1_000);
  const scanId = await scanMember(bff, clerkB, storeB, member);
  const sale = await checkout(bff, clerkB, storeB, { scanId, orderRef: 'SQL-1', amountFen: 2_000, redeemPoints: 500 });
  expect(sale.status).toBe(201);
  expect(sale.body).toMatchObject({ pointsRedeemed: 500, cashDueFen: 1_500, pointsEarned: 15 });
  const back = await refund(bff, clerkB, storeB, sale.body.checkoutId);
  expect(back.body).toMatchObject({ pointsReturned: 500, pointsClawedBack: 15, refundedFen: 2_000 });
  expect((await balancesOf(bff, member)).points).toBe(1_000);
});

test('When the day view is paged on SQLite, Then newest first page by page, whole-day totals, and a refund preview writes nothing', async () => {
  const store = await createStore(bff, 'Store C');
  const clerk = await createStaff(bff, store);
  const member = await createMember(bff);
  const ids: string[] = [];
  for (const amountFen of [100, 200, 300]) {
    const scanId = await scanMember(bff, clerk, store, member);
    const sale = await checkout(bff, clerk, store, { scanId, orderRef: `SQL-C-${amountFen}`, amountFen });
    ids.push(sale.body.checkoutId);
  }
  const date = '2026-11-23';
  const first = await bff.api.get(`/api/stores/${store}/checkouts?date=${date}&limit=2`, clerk.token);
  expect(first.body.items.map((item: { checkoutId: string }) => item.checkoutId)).toEqual([ids[2], ids[1]]);
  expect(first.body.totals).toMatchObject({ count: 3, amountFen: 600 });
  const rest = await bff.api.get(
    `/api/stores/${store}/checkouts?date=${date}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    clerk.token,
  );
  expect(rest.body.items.map((item: { checkoutId: string }) => item.checkoutId)).toEqual([ids[0]]);
  expect(rest.body.nextCursor).toBeNull();

  const preview = await bff.api.post(
    `/api/stores/${store}/checkouts/${ids[0]}/refund/preview`,
    {},
    { token: clerk.token },
  );
  expect(preview.body).toMatchObject({ refundedFen: 100, pointsClawedBack: 1 });
  const [refunds] = await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM checkout_refunds WHERE checkout_id = ?', [
    ids[0],
  ]);
  expect(Number(refunds.n)).toBe(0);
});
