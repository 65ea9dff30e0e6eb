import { addLocalDays, localDate, startOfLocalDay, zoneOffsetMinutes } from './chain-time';

describe('chain time', () => {
  test('When it is 00:30 in Shanghai but still the previous day in UTC, Then the local date is Shanghai’s', () => {
    expect(localDate(new Date('2026-11-23T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-24');
    expect(localDate(new Date('2026-11-23T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-11-23');
    expect(localDate(new Date('2026-11-23T16:30:00Z'), 'UTC')).toBe('2026-11-23');
  });

  test('When a local day starts, Then its UTC instant is 16:00 the day before for UTC+8', () => {
    expect(startOfLocalDay('2026-11-24', 'Asia/Shanghai').toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(zoneOffsetMinutes(new Date('2026-06-01T00:00:00Z'), 'Asia/Shanghai')).toBe(480);
  });

  test('When days are added across a month and a year end, Then the calendar rolls over', () => {
    expect(addLocalDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addLocalDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addLocalDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
