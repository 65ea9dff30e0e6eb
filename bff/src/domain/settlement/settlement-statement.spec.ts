import { netPairs } from './settlement-statement';

const row = (fromStoreId: string, toStoreId: string, points: number, storedValueFen = 0) => ({
  fromStoreId,
  toStoreId,
  points,
  pointsValueFen: points,
  storedValueFen,
  couponValueFen: 0,
  netFen: points + storedValueFen,
});

describe('netPairs', () => {
  test('When A owes B and B owes A, Then one row with the difference, oriented to be positive', () => {
    expect(netPairs([row('A', 'B', 100), row('B', 'A', 300, 50)])).toEqual([
      {
        fromStoreId: 'B',
        toStoreId: 'A',
        points: 200,
        pointsValueFen: 200,
        storedValueFen: 50,
        couponValueFen: 0,
        netFen: 250,
      },
    ]);
  });

  test('When a sale and its refund cancel, Then the pair disappears', () => {
    expect(netPairs([row('A', 'B', 100), row('A', 'B', -100)])).toEqual([]);
  });

  test('When HQ funded value, Then HQ appears as fromStoreId', () => {
    expect(netPairs([row('HQ', 'B', 40)])).toEqual([row('HQ', 'B', 40)]);
  });
});
