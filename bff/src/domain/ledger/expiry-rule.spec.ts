import { expiryFor } from './expiry-rule';

const shanghai = 'Asia/Shanghai';

describe('expiryFor', () => {
  test('When earned late in the evening in Shanghai (still the previous UTC day), Then the local day counts', () => {
    // 2026-03-10 23:30 in Shanghai is 15:30 UTC the same day; 2026-03-11 00:30 local is 16:30 UTC on the 10th
    expect(
      expiryFor(new Date('2026-03-10T15:30:00Z'), { rule: 'months', months: 24, timeZone: shanghai }).toISOString(),
    ).toBe('2028-03-10T16:00:00.000Z');
    expect(
      expiryFor(new Date('2026-03-10T16:30:00Z'), { rule: 'months', months: 24, timeZone: shanghai }).toISOString(),
    ).toBe('2028-03-11T16:00:00.000Z');
  });

  test('When earned on 29 February with a 12-month rule, Then it lives to the end of 28 February next year', () => {
    expect(
      expiryFor(new Date('2028-02-29T04:00:00Z'), { rule: 'months', months: 12, timeZone: shanghai }).toISOString(),
    ).toBe('2029-02-28T16:00:00.000Z');
  });

  test('When the rule is end-of-year, Then a New Year’s Eve earn expires a few hours later, local time', () => {
    expect(expiryFor(new Date('2026-12-31T10:00:00Z'), { rule: 'end-of-year', timeZone: shanghai }).toISOString()).toBe(
      '2026-12-31T16:00:00.000Z',
    );
  });
});
