import { createHash, createHmac, randomBytes } from 'node:crypto';
import { dataCryptoOf } from '../../bff/src/domain/members/deps-helpers';
import { PosClient } from '../../scripts/src/pos/pos-client';
import { MovableClock, memberCode, type TestMember } from './instore-fixtures';
import type { TestBff } from './test-bff';

/** Signs like a POS vendor would from docs/pos-api.md, with plain node crypto (not the server's code). */
export function handSign(
  secret: string,
  method: string,
  pathWithQuery: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', secret)
    .update(`${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${bodyHash}`)
    .digest('hex');
}

export interface PosKeyPair {
  keyId: string;
  secret: string;
}

export async function issueKey(bff: TestBff, admin: string, storeId: string, name = 'till 1'): Promise<PosKeyPair> {
  const res = await bff.api.post(`/api/admin/stores/${storeId}/api-keys`, { name }, { token: admin });
  if (res.status !== 201) throw new Error(`issue key: ${res.status} ${JSON.stringify(res.body)}`);
  return { keyId: res.body.keyId, secret: res.body.secret };
}

export function clientFor(bff: TestBff, key: PosKeyPair): PosClient {
  return new PosClient(bff.url, key.keyId, key.secret, () => bff.deps.clock.now());
}

export interface RawSigned {
  method?: string;
  path: string;
  body?: string;
  /** What was signed, when a test sends something else. */
  signedBody?: string;
  signedPath?: string;
  signedMethod?: string;
  timestamp?: string;
  nonce?: string;
  keyId?: string;
  secret?: string;
  idempotencyKey?: string;
}

/** One request signed by hand, every part overridable, for the guard tests. */
export async function rawSigned(bff: TestBff, key: PosKeyPair, req: RawSigned) {
  const method = req.method ?? 'POST';
  const body = req.body ?? '';
  const timestamp = req.timestamp ?? String(Math.floor(bff.deps.clock.now().getTime() / 1000));
  const nonce = req.nonce ?? randomBytes(12).toString('hex');
  const headers: Record<string, string> = {
    'x-tongka-key': req.keyId ?? key.keyId,
    'x-tongka-timestamp': timestamp,
    'x-tongka-nonce': nonce,
    'x-tongka-signature': handSign(
      req.secret ?? key.secret,
      req.signedMethod ?? method,
      req.signedPath ?? req.path,
      timestamp,
      nonce,
      req.signedBody ?? body,
    ),
  };
  if (body) headers['content-type'] = 'application/json';
  if (req.idempotencyKey) headers['idempotency-key'] = req.idempotencyKey;
  const res = await fetch(bff.url + req.path, { method, headers, body: body || undefined });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers, nonce, timestamp };
}

/** The scanner-gun string for a member now (moves a test clock to the next TOTP step first). */
export async function gunCode(bff: TestBff, member: TestMember): Promise<string> {
  if (bff.deps.clock instanceof MovableClock) bff.deps.clock.advance(30_000);
  return memberCode(bff, member);
}

/** Binds a phone number to a member directly (the WeChat phone flow is not needed for POS tests). */
export async function bindPhone(bff: TestBff, memberId: string, phone: string): Promise<void> {
  const crypto = dataCryptoOf(bff.deps);
  await bff.db.dataSource.query('UPDATE members SET phone_enc = ?, phone_index = ? WHERE id = ?', [
    crypto.encrypt(phone),
    crypto.blindIndex(`phone:${phone}`),
    memberId,
  ]);
}
