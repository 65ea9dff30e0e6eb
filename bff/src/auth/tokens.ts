import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** Bearer tokens: short-lived member tokens from WeChat login, HQ tokens from admin login. */
export const MEMBER_TOKEN_TTL_SECONDS = 2 * 60 * 60;
export const ADMIN_TOKEN_TTL_SECONDS = 8 * 60 * 60;

/**
 * `ver` is the member's session version when the token was issued (members.token_version): a
 * revocation raises the version and the token stops working (sessions/, checked on every request).
 */
export type TokenClaims = { typ: 'member'; sub: string; ver: number } | { typ: 'admin'; sub: string; username: string };

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

export function issueMemberToken(secret: string, memberId: string, version = 0): string {
  return jwt.sign({ typ: 'member', ver: version }, keyOf(secret), {
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

/** Tokens already verified, per secret, until they expire: a cashier sends the same one all shift. */
const verified = new Map<string, Map<string, { claims: TokenClaims; expiresAtMs: number }>>();
const MAX_VERIFIED = 10_000;

/** Returns the claims of a valid token, or null for a missing, forged or expired one. */
export function verifyToken(secret: string, token: string): TokenClaims | null {
  let known = verified.get(secret);
  if (!known) verified.set(secret, (known = new Map()));
  const hit = known.get(token);
  if (hit) {
    // jsonwebtoken's rule: expired once the clock (in whole seconds) reaches exp.
    if (Math.floor(Date.now() / 1000) * 1000 < hit.expiresAtMs) return hit.claims;
    known.delete(token);
    return null;
  }
  const checked = checkToken(secret, token);
  if (checked) {
    if (known.size >= MAX_VERIFIED) known.delete(known.keys().next().value as string);
    known.set(token, checked);
  }
  return checked?.claims ?? null;
}

function checkToken(secret: string, token: string): { claims: TokenClaims; expiresAtMs: number } | null {
  try {
    const payload = jwt.verify(token, keyOf(secret), { algorithms: ['HS256'] }) as jwt.JwtPayload;
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return null;
    const expiresAtMs = payload.exp * 1000;
    if (payload.typ === 'member') {
      const ver = payload.ver === undefined ? 0 : payload.ver;
      if (!Number.isSafeInteger(ver)) return null;
      return { claims: { typ: 'member', sub: payload.sub, ver }, expiresAtMs };
    }
    if (payload.typ === 'admin' && typeof payload.username === 'string') {
      return { claims: { typ: 'admin', sub: payload.sub, username: payload.username }, expiresAtMs };
    }
    return null;
  } catch {
    return null;
  }
}
