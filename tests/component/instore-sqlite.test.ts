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
