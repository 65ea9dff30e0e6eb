import { csvField, csvText, netPairs, yuanOf } from './settlement-statement';

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

describe('yuanOf', () => {
  test('When fen are given, Then yuan with two decimals, exactly, signs kept', () => {
    expect(yuanOf(0)).toBe('0.00');
    expect(yuanOf(5)).toBe('0.05');
    expect(yuanOf(4690)).toBe('46.90');
    expect(yuanOf(-1234)).toBe('-12.34');
    expect(yuanOf(-7)).toBe('-0.07');
    expect(yuanOf('900719925474099312')).toBe('9007199254740993.12');
  });
});

describe('csvField', () => {
  test('When text has a comma, a quote or a newline, Then it is quoted; a formula gets an apostrophe', () => {
    expect(csvField('徐汇店')).toBe('徐汇店');
    expect(csvField('A, 2F')).toBe('"A, 2F"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('-2.00')).toBe('-2.00');
    expect(csvText('=SUM(1)')).toBe("'=SUM(1)");
    expect(csvText('-店')).toBe("'-店");
    expect(csvText('静安店')).toBe('静安店');
    expect(csvField(-12)).toBe('-12');
    expect(csvField(null)).toBe('');
  });
});
