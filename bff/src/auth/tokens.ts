import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** Bearer tokens: short-lived member tokens from WeChat login, HQ tokens from admin login. */
export const MEMBER_TOKEN_TTL_SECONDS = 2 * 60 * 60;
export const ADMIN_TOKEN_TTL_SECONDS = 8 * 60 * 60;

export type TokenClaims = { typ: 'member'; sub: string } | { typ: 'admin'; sub: string; username: string };

const keys = new Map<string, KeyObject>();

/**
 * The HMAC key as a KeyObject: given a plain string, jsonwebtoken first tries to parse it as a
 * public key on every call, which costs more than the signature check itself.
 */
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

export function issueMemberToken(secret: string, memberId: string): string {
  return jwt.sign({ typ: 'member' }, keyOf(secret), {
    subject: memberId,
    expiresIn: MEMBER_TOKEN_TTL_SECONDS,
    algorithm: 'HS256',
  });
}

export function issueAdminToken(secret: string, adminId: string, username: string): string {
  return jwt.sign({ typ: 'admin', username }, keyOf(secret), {
    subject: adminId,
    expiresIn: ADMIN_TOKEN_TTL_SECONDS,
    algorithm: 'HS256',
  });
}

/** Returns the claims of a valid token, or null for a missing, forged or expired one. */
export function verifyToken(secret: string, token: string): TokenClaims | null {
  try {
    const payload = jwt.verify(token, keyOf(secret), { algorithms: ['HS256'] }) as jwt.JwtPayload;
    if (typeof payload.sub !== 'string') return null;
    if (payload.typ === 'member') return { typ: 'member', sub: payload.sub };
    if (payload.typ === 'admin' && typeof payload.username === 'string') {
      return { typ: 'admin', sub: payload.sub, username: payload.username };
    }
    return null;
  } catch {
    return null;
  }
}
