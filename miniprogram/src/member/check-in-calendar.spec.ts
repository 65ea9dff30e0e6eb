import { monthGrid, shiftMonth } from './check-in-calendar';

describe('check-in calendar', () => {
  test('When the month starts on a Sunday, Then six blanks lead (weeks start on Monday) and checked days are marked', () => {
    // 2026-11-01 is a Sunday.
    const cells = monthGrid('2026-11', ['2026-11-23', '2026-11-24'], '2026-11-24');
    expect(cells.slice(0, 6).every((cell) => cell.day === null)).toBe(true);
    expect(cells[6]).toMatchObject({ day: 1, date: '2026-11-01', checked: false });
    expect(cells).toHaveLength(6 + 30);
    expect(cells.filter((cell) => cell.checked).map((cell) => cell.day)).toEqual([23, 24]);
    expect(cells.find((cell) => cell.today)?.date).toBe('2026-11-24');
  });

  test('When moving across a year, Then the month wraps', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
  });
});
