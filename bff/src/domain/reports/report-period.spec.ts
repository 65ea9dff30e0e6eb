import { dayBit } from '../ledger/member-activity';
import { toCsv } from './report-csv';
import { addFlow, redemptionRate, zeroFlows } from './report-flows';
import { datesOf, reportPeriod } from './report-period';

describe('reportPeriod', () => {
  test('When from and to are the same day, Then the period is one day', () => {
    expect(reportPeriod('2026-11-23', '2026-11-23')).toEqual({ from: '2026-11-23', to: '2026-11-23', days: 1 });
  });

  test('When the period crosses a leap day, Then every date is listed once', () => {
    expect(datesOf(reportPeriod('2028-02-28', '2028-03-01'))).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
  });

  test('When from is after to, longer than 366 days or not a date, Then INVALID_PERIOD', () => {
    for (const [from, to] of [
      ['2026-11-24', '2026-11-23'],
      ['2025-01-01', '2026-01-02'],
      ['2026-02-29', '2026-03-01'],
    ]) {
      expect(() => reportPeriod(from, to)).toThrow(expect.objectContaining({ code: 'INVALID_PERIOD' }));
    }
    expect(reportPeriod('2024-01-01', '2024-12-31').days).toBe(366);
  });
});

describe('report figures', () => {
  test('When flows are added, Then issued nets clawbacks, redeemed nets refunds, moves count nowhere', () => {
    const f = zeroFlows();
    addFlow(f, 'EARN', 'in', 100);
    addFlow(f, 'CLAWBACK', 'out', 30);
    addFlow(f, 'REDEEM', 'out', 50);
    addFlow(f, 'REFUND', 'in', 10);
    addFlow(f, 'EXPIRE', 'out', 5);
    addFlow(f, 'MERGE', 'move', 999);
    expect(f).toEqual({ pointsIssued: 70, pointsRedeemed: 40, pointsExpired: 5 });
    expect(redemptionRate(f)).toBeCloseTo(40 / 70, 12);
    expect(redemptionRate({ pointsIssued: 10, pointsRedeemed: 50, pointsExpired: 0 })).toBe(1);
    expect(redemptionRate(zeroFlows())).toBe(0);
  });

  test('When a day is marked, Then its bit is in its month column (the 31st is the highest bit of a 31-bit mask)', () => {
    expect(dayBit('2026-01-01')).toEqual({ year: 2026, column: 'm01', bit: 1 });
    expect(dayBit('2026-12-31')).toEqual({ year: 2026, column: 'm12', bit: 2 ** 30 });
  });

  test('When a cell holds a comma, a quote or a newline, Then it is quoted (RFC 4180)', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          { a: '门店,一', b: 'say "hi"' },
          { a: 'x\ny', b: null },
        ],
      ),
    ).toBe('a,b\n"门店,一","say ""hi"""\n"x\ny",\n');
  });
});
