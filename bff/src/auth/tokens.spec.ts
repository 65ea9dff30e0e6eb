import jwt from 'jsonwebtoken';
import { issueAdminToken, issueMemberToken, verifyToken } from './tokens';

const secret = 'spec-secret-0123456789abcdef';

describe('tokens', () => {
  test('When a member token is verified with the same secret, Then it names the member', () => {
    expect(verifyToken(secret, issueMemberToken(secret, 'M1'))).toEqual({ typ: 'member', sub: 'M1', ver: 0 });
    expect(verifyToken(secret, issueAdminToken(secret, 'A1', 'hq'))).toEqual({
      typ: 'admin',
      sub: 'A1',
      username: 'hq',
    });
  });

  test('When a member token is issued under a session version, Then the claims carry it', () => {
    expect(verifyToken(secret, issueMemberToken(secret, 'M2', 7))).toEqual({ typ: 'member', sub: 'M2', ver: 7 });
  });

  test('When the secret differs, the token is expired or unsigned, Then it is refused', () => {
    expect(verifyToken('another-secret-0123456789', issueMemberToken(secret, 'M1'))).toBeNull();
    const expired = jwt.sign({ typ: 'member', exp: Math.floor(Date.now() / 1000) - 10 }, secret, { subject: 'M1' });
    expect(verifyToken(secret, expired)).toBeNull();
    const unsigned = jwt.sign({ typ: 'admin', username: 'x' }, '', { subject: 'A1', algorithm: 'none' });
    expect(verifyToken(secret, unsigned)).toBeNull();
  });

  test('When a verified token is used again after it expired, Then the remembered check refuses it too', () => {
    jest.useFakeTimers({ now: new Date('2026-11-24T08:00:00Z') });
    try {
      const token = issueMemberToken(secret, 'M-cached');
      expect(verifyToken(secret, token)).toEqual({ typ: 'member', sub: 'M-cached', ver: 0 });
      jest.setSystemTime(new Date('2026-11-24T09:59:59Z'));
      expect(verifyToken(secret, token)).toEqual({ typ: 'member', sub: 'M-cached', ver: 0 });
      jest.setSystemTime(new Date('2026-11-24T10:00:00Z'));
      expect(verifyToken(secret, token)).toBeNull();
      // Remembered only under the secret it was checked with.
      expect(verifyToken('another-secret-0123456789', token)).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });
});
