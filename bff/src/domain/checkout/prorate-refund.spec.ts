import fc from 'fast-check';
import { splitLargestRemainder } from './largest-remainder';
import { afterRefund, prorateRefund, type RefundableRemainder } from './prorate-refund';

const order = fc
  .record({
    pointsDiscountFen: fc.integer({ min: 0, max: 50_000 }),
    storedValueFen: fc.integer({ min: 0, max: 50_000 }),
    cashFen: fc.integer({ min: 0, max: 50_000 }),
    pointsRedeemed: fc.integer({ min: 0, max: 100_000 }),
    pointsEarned: fc.integer({ min: 0, max: 100_000 }),
  })
  .filter((o) => o.pointsDiscountFen + o.storedValueFen + o.cashFen > 0)
  .map((o): RefundableRemainder => ({ ...o, paidFen: o.pointsDiscountFen + o.storedValueFen + o.cashFen }));

describe('prorateRefund', () => {
  test('When an order is refunded in random parts, Then the parts add up exactly to a full refund', () => {
    fc.assert(
      fc.property(order, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), (full, cuts) => {
        const whole = prorateRefund(full, full.paidFen);
        let remaining = full;
        const sums = { pointsDiscountFen: 0, storedValueFen: 0, cashFen: 0, pointsReturned: 0, pointsClawedBack: 0 };
        const parts = cuts.map((cut) => Math.max(1, Math.floor(cut * full.paidFen)));
        for (const wanted of [...parts, Number.POSITIVE_INFINITY]) {
          if (remaining.paidFen === 0) break;
          const share = prorateRefund(remaining, Math.min(wanted, remaining.paidFen));
          expect(share.pointsDiscountFen + share.storedValueFen + share.cashFen).toBe(share.refundedFen);
          for (const key of Object.keys(sums) as Array<keyof typeof sums>) {
            expect(share[key]).toBeGreaterThanOrEqual(0);
            sums[key] += share[key];
          }
          remaining = afterRefund(remaining, share);
          for (const value of Object.values(remaining)) expect(value).toBeGreaterThanOrEqual(0);
        }
        expect(sums).toEqual({
          pointsDiscountFen: whole.pointsDiscountFen,
          storedValueFen: whole.storedValueFen,
          cashFen: whole.cashFen,
          pointsReturned: whole.pointsReturned,
          pointsClawedBack: whole.pointsClawedBack,
        });
        expect(whole).toMatchObject({ pointsReturned: full.pointsRedeemed, pointsClawedBack: full.pointsEarned });
      }),
      { numRuns: 500 },
    );
  });

  test('When half of a 3-way order is refunded, Then the split is deterministic', () => {
    const remaining = {
      paidFen: 1_001,
      pointsDiscountFen: 333,
      storedValueFen: 333,
      cashFen: 335,
      pointsRedeemed: 333,
      pointsEarned: 10,
    };
    expect(prorateRefund(remaining, 500)).toEqual({
      refundedFen: 500,
      pointsDiscountFen: 167, // remainders 334 / 333 / 333 (× 1/1001): the first gets the spare fen
      storedValueFen: 166,
      cashFen: 167,
      pointsReturned: 166,
      pointsClawedBack: 4,
      isFinal: false,
    });
  });
});

describe('splitLargestRemainder', () => {
  test('When split, Then parts add up to the total and never exceed their weight', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 10 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, cut) => {
          const sum = weights.reduce((a, b) => a + b, 0);
          const total = Math.floor(sum * cut);
          const parts = splitLargestRemainder(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          for (const [index, part] of parts.entries()) {
            expect(part).toBeLessThanOrEqual(Math.max(weights[index], sum === 0 ? total : 0));
          }
        },
      ),
    );
  });
});
