import { pendingReleaseAt } from './pending-release';

describe('pendingReleaseAt', () => {
  test('no pending period: null (points are spendable at once)', () => {
    expect(pendingReleaseAt(new Date('2026-11-23T04:00:00Z'), 0, 'Asia/Shanghai')).toBeNull();
  });

  test('end of the local day N days later, in the chain time zone', () => {
    // 2026-11-23 12:00 in Shanghai; 7 days later is 30 Nov, which ends at 1 Dec 00:00 (+08:00).
    expect(pendingReleaseAt(new Date('2026-11-23T04:00:00Z'), 7, 'Asia/Shanghai')?.toISOString()).toBe(
      '2026-11-30T16:00:00.000Z',
    );
  });

  test('the local day counts, not the UTC day', () => {
    // 2026-11-23T17:00Z is already 24 Nov 01:00 in Shanghai: released at the end of 25 Nov.
    expect(pendingReleaseAt(new Date('2026-11-23T17:00:00Z'), 1, 'Asia/Shanghai')?.toISOString()).toBe(
      '2026-11-25T16:00:00.000Z',
    );
  });
});
