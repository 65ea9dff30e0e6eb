import { formatFen, parseWholeNumber, parseYuanToFen } from './money';
import { referralFromQuery } from './referral';
import { formatShanghaiDateTime, shanghaiDate } from './time';

describe('money', () => {
  it('When fen are shown, Then they read as ¥ with two decimals', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(123_456)).toBe('¥1234.56');
    expect(formatFen(-1_050)).toBe('-¥10.50');
  });

  it('When yuan are typed, Then they become integer fen, and malformed text is refused', () => {
    expect(parseYuanToFen('88.8')).toBe(8_880);
    expect(parseYuanToFen('0.07')).toBe(7);
    expect(parseYuanToFen('12')).toBe(1_200);
    expect(parseYuanToFen('1.234')).toBeNull();
    expect(parseYuanToFen('-1')).toBeNull();
    expect(parseYuanToFen('abc')).toBeNull();
    expect(parseWholeNumber('12.5')).toBeNull();
  });
});

describe('Shanghai time', () => {
  it('When it is late evening UTC, Then the Shanghai calendar day is already the next one', () => {
    expect(shanghaiDate('2026-11-23T16:30:00Z')).toBe('2026-11-24');
    expect(shanghaiDate('2026-11-23T15:59:59Z')).toBe('2026-11-23');
    expect(formatShanghaiDateTime('2026-11-23T07:01:00Z')).toBe('2026-11-23 15:01');
  });
});

describe('referral code from launch query', () => {
  it('When the share path has r, Then r is the code', () => {
    expect(referralFromQuery({ r: 'ABC123' })).toBe('ABC123');
  });

  it('When a mini-program code carries scene r=CODE, Then the decoded scene gives the code', () => {
    expect(referralFromQuery({ scene: encodeURIComponent('r=XYZ789') })).toBe('XYZ789');
    expect(referralFromQuery({ scene: encodeURIComponent('s=SH01&r=XYZ789') })).toBe('XYZ789');
    expect(referralFromQuery({ scene: encodeURIComponent('s=SH01') })).toBeUndefined();
  });
});
