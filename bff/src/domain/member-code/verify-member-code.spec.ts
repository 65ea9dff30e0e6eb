import { memberCodeAt, parseMemberCode } from '@tongka/shared-types';
import { checkMemberCode } from './verify-member-code';

const secret = Buffer.alloc(32, 5).toString('base64url');
const now = Date.UTC(2026, 10, 23, 4, 0, 10);
const codeAt = (ms: number) => parseMemberCode(memberCodeAt(12_345_678, secret, ms))!;

describe('checkMemberCode', () => {
  test.each([
    ['the current step', 0, 'valid'],
    ['one step back', -30_000, 'valid'],
    ['one step ahead', 30_000, 'valid'],
    ['two steps back', -60_000, 'expired'],
    ['five minutes back', -300_000, 'expired'],
    ['two steps ahead', 60_000, 'invalid'],
    ['an hour back', -3_600_000, 'invalid'],
  ])('When the code is from %s, Then it is %s', (_when, shiftMs, kind) => {
    expect(checkMemberCode(codeAt(now + shiftMs), secret, now).kind).toBe(kind);
  });

  test('When the code was made with another secret, Then it is invalid', () => {
    const other = Buffer.alloc(32, 6).toString('base64url');
    expect(checkMemberCode(parseMemberCode(memberCodeAt(12_345_678, other, now))!, secret, now).kind).toBe('invalid');
  });

  test('When valid, Then the matched step is reported (the reuse key)', () => {
    expect(checkMemberCode(codeAt(now - 30_000), secret, now)).toEqual({
      kind: 'valid',
      step: Math.floor(now / 30_000) - 1,
    });
  });
});
