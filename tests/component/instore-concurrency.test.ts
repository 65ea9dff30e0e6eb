import fc from 'fast-check';
import {
  balancesOf,
  checkout,
  createAdminToken,
  createMember,
  createStaff,
  createStore,
  grantPoints,
  MovableClock,
  refund,
  scanMember,
  type TestMember,
  topUp,
} from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

let bff: TestBff;
let storeA: string;
let storeB: string;
let clerkA: TestMember;
let clerkB: TestMember;
let order = 0;

beforeAll(async () => {
  bff = await bootTestBff({ clock: new MovableClock(new Date()) });
  storeA = await createStore(bff, 'Store A');
  storeB = await createStore(bff, 'Store B');
  clerkA = await createStaff(bff, storeA);
  clerkB = await createStaff(bff, storeB);
  // Hundreds of refunds by one clerk in a day are the point of these properties, not a risk: lift
  // the per-clerk daily cap on points moved by refunds (its own tests are in reports-risk-scheduler).
  const admin = await createAdminToken(bff);
  const rule = (await bff.api.get('/api/admin/risk-rule', admin)).body.rule;
  const lifted = { ...rule, clerkDailyMovePointsCap: 1_000_000_000 };
  expect((await bff.api.put('/api/admin/risk-rule', lifted, { token: admin })).status).toBe(200);
});
afterAll(() => bff?.close());

describe('Concurrency', () => {
  test('When two cashiers at two stores spend the same member at once, Then never more than the member has', async () => {
    const member = await createMember(bff);
    await grantPoints(bff, member.id, storeA, 1_000);
    await topUp(bff, member.id, storeA, 1_000);
    const scanA = await scanMember(bff, clerkA, storeA, member);
    const scanB = await scanMember(bff, clerkB, storeB, member); // the test clock moves to the next TOTP step
    const attempts = Array.from({ length: 12 }, (_, i) =>
      i % 2 === 0
        ? checkout(bff, clerkA, storeA, {
            scanId: scanA,
            orderRef: `C-${++order}`,
            amountFen: 1_000,
            redeemPoints: 300,
            storedValueFen: 200,
          })
        : checkout(bff, clerkB, storeB, {
            scanId: scanB,
            orderRef: `C-${++order}`,
            amountFen: 1_000,
            redeemPoints: 300,
            storedValueFen: 200,
          }),
    );
    const results = await Promise.all(attempts);
    const ok = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 409);
    expect(ok.length + refused.length).toBe(12);
    expect(ok).toHaveLength(3); // 3 × 300 ≤ 1000 points; the 4th runs short
    for (const r of refused) expect(['INSUFFICIENT_POINTS', 'INSUFFICIENT_BALANCE']).toContain(r.body.error.code);
    const after = await balancesOf(bff, member);
    expect(after.points).toBe(1_000 - 900 + ok.reduce((sum, r) => sum + r.body.pointsEarned, 0));
    expect(after.storedValueFen).toBe(1_000 - 600);
  });

  test('When random orders are split into random partial refunds over HTTP, Then they add up to the full order', async () => {
    const member = await createMember(bff);
    await grantPoints(bff, member.id, storeA, 100_000);
    await topUp(bff, member.id, storeA, 100_000);
    const scanId = await scanMember(bff, clerkB, storeB, member);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 100, max: 50_000 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 4 }),
        async (amountFen, pointsPct, svPct, cuts) => {
          const before = await balancesOf(bff, member);
          const redeemPoints = Math.floor((amountFen * pointsPct) / 100);
          const storedValueFen = Math.floor((amountFen * svPct) / 100);
          const sale = await checkout(bff, clerkB, storeB, {
            scanId,
            orderRef: `P-${++order}`,
            amountFen,
            redeemPoints,
            storedValueFen,
          });
          expect(sale.status).toBe(201);
          let left = amountFen;
          const sums = { refundedFen: 0, pointsReturned: 0, storedValueReturnedFen: 0, cashRefundFen: 0, clawed: 0 };
          for (const cut of [...cuts, 100]) {
            if (left === 0) break;
            const part = cut === 100 ? undefined : Math.max(1, Math.floor((left * cut) / 100));
            const res = await refund(bff, clerkB, storeB, sale.body.checkoutId, part ? { amountFen: part } : {});
            expect(res.status).toBe(200);
            sums.refundedFen += res.body.refundedFen;
            sums.pointsReturned += res.body.pointsReturned;
            sums.storedValueReturnedFen += res.body.storedValueReturnedFen;
            sums.cashRefundFen += res.body.cashRefundFen;
            sums.clawed += res.body.pointsClawedBack + res.body.pointsDebt;
            left -= res.body.refundedFen;
          }
          expect(sums).toEqual({
            refundedFen: amountFen,
            pointsReturned: sale.body.pointsRedeemed,
            storedValueReturnedFen: sale.body.storedValuePaidFen,
            cashRefundFen: sale.body.cashDueFen,
            clawed: sale.body.pointsEarned,
          });
          expect(await balancesOf(bff, member)).toEqual(before);
        },
      ),
      { numRuns: 15 },
    );
  });
});
