import { createHmac } from 'node:crypto';
import { approvalCodeAt, approvalCodeStep, secondsUntilNextApprovalCode } from './approval-code';
import { hotpTruncate, memberCodeAt } from './member-code';

describe('hotpTruncate (RFC 4226 dynamic truncation)', () => {
  // RFC 4226 appendix D: HMAC-SHA1 with the ASCII secret "12345678901234567890", counters 0..9.
  const vectors = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  test.each(vectors.map((code, count) => [count, code]))(
    'When the counter is %i, Then the HOTP is %s',
    (count, code) => {
      const counter = Buffer.alloc(8);
      counter.writeBigUInt64BE(BigInt(count));
      const mac = createHmac('sha1', '12345678901234567890').update(counter).digest();
      expect(hotpTruncate(mac, 6)).toBe(code);
    },
  );
});

describe('approvalCodeAt', () => {
  const secret = Buffer.alloc(32, 7).toString('base64url');
  const at = Date.UTC(2026, 10, 27, 6, 0, 30);

  test('When computed, Then it is HMAC-SHA256(secret, "approve:" + minute) truncated to 6 digits', () => {
    const step = Math.floor(at / 60_000);
    const mac = createHmac('sha256', Buffer.alloc(32, 7)).update(`approve:${step}`).digest();
    const offset = (mac[mac.length - 1] as number) & 0x0f;
    const expected = String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
    expect(approvalCodeStep(at)).toBe(step);
    expect(approvalCodeAt(secret, at)).toBe(expected);
  });

  test('When within one minute step, Then the code stays; the next minute it changes and the countdown says when', () => {
    const minute = Date.UTC(2026, 10, 27, 6, 1, 0);
    expect(approvalCodeAt(secret, minute)).toBe(approvalCodeAt(secret, minute + 59_999));
    expect(approvalCodeAt(secret, minute)).not.toBe(approvalCodeAt(secret, minute + 60_000));
    expect(secondsUntilNextApprovalCode(minute + 15_000)).toBe(45);
  });

  test('When compared with the member code of the same instant, Then it is not a slice of it', () => {
    expect(memberCodeAt(12_345_678, secret, at)).not.toContain(approvalCodeAt(secret, at));
  });
});
