import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import type { DataCrypto } from '../shared/data-crypto';
import { POS_CLOCK_WINDOW_MS, type SignedParts, signatureMatches } from './pos-signature';

export interface PosRequest extends SignedParts {
  keyId: string;
  signature: string;
  now: Date;
}

export interface PosCaller {
  keyId: string;
  storeId: string;
}

const NONCE = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Checks a signed POS request part by part, each failure with its own 401 code: the key (known,
 * not revoked), the timestamp (within ±5 minutes of the server clock), the signature (over the
 * exact bytes), then the nonce (inserted under the (key, nonce) primary key: a second use fails
 * the insert). The nonce is recorded only for a request whose signature holds, so nobody can burn
 * a till's nonces. Nonces older than the window are deleted on the way: a replay that old already
 * fails the timestamp check.
 */
export async function verifyPosRequest(db: Tx, crypto: DataCrypto, req: PosRequest): Promise<PosCaller> {
  const [key] = req.keyId
    ? await select<{ id: string; store_id: string; secret_enc: string; revoked_at: unknown }>(
        db,
        'SELECT id, store_id, secret_enc, revoked_at FROM pos_api_keys WHERE id = ?',
        [req.keyId],
      )
    : [];
  if (!key) throw new AppError('POS_KEY_UNKNOWN', 'No POS key has this id.', { keyId: req.keyId || null });
  if (key.revoked_at) throw new AppError('POS_KEY_REVOKED', 'This POS key was revoked by HQ.', { keyId: key.id });
  const seconds = /^\d{1,12}$/.test(req.timestamp) ? Number(req.timestamp) * 1000 : Number.NaN;
  if (!(Math.abs(seconds - req.now.getTime()) <= POS_CLOCK_WINDOW_MS)) {
    throw new AppError('POS_TIMESTAMP_SKEWED', 'The request timestamp is more than 5 minutes from server time.', {
      serverTime: Math.floor(req.now.getTime() / 1000),
    });
  }
  if (!NONCE.test(req.nonce) || !signatureMatches(crypto.decrypt(key.secret_enc), req, req.signature)) {
    throw new AppError('POS_SIGNATURE_INVALID', 'The request signature does not match.');
  }
  await execute(db, 'DELETE FROM pos_nonces WHERE key_id = ? AND created_at < ?', [
    key.id,
    new Date(req.now.getTime() - 2 * POS_CLOCK_WINDOW_MS),
  ]);
  try {
    await execute(db, 'INSERT INTO pos_nonces (key_id, nonce, created_at) VALUES (?, ?, ?)', [
      key.id,
      req.nonce,
      req.now,
    ]);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError('POS_NONCE_REPLAYED', 'This nonce was already used; sign every request with a new one.');
  }
  await execute(db, 'UPDATE pos_api_keys SET last_used_at = ? WHERE id = ?', [req.now, key.id]);
  return { keyId: key.id, storeId: key.store_id };
}
