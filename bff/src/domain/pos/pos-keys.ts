import { randomBytes } from 'node:crypto';
import type { PosKey, PosKeyCreated } from '@tongka/shared-types';
import { execute, readInstant, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../shared/app-error';
import type { DataCrypto } from '../shared/data-crypto';
import { ulid } from '../shared/ulid';

/**
 * Per-store POS credentials issued by HQ. The secret is answered once; the server keeps it
 * encrypted with DATA_KEY (verifying an HMAC needs it in clear, so a one-way hash cannot serve).
 * A store may hold several live keys (one per till, or two during a rotation).
 */
export async function createPosKey(
  tx: Tx,
  crypto: DataCrypto,
  input: { storeId: string; name: string; adminId: string; now: Date },
): Promise<PosKeyCreated> {
  const [store] = await select<{ id: string }>(tx, 'SELECT id FROM stores WHERE id = ?', [input.storeId]);
  if (!store) throw new AppError('STORE_NOT_FOUND', 'No such store.', { storeId: input.storeId });
  const keyId = ulid();
  const secret = randomBytes(32).toString('base64url');
  await execute(
    tx,
    `INSERT INTO pos_api_keys (id, store_id, name, secret_enc, created_by, created_at, last_used_at, revoked_at)
     VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)`,
    [keyId, input.storeId, input.name, crypto.encrypt(secret), input.adminId, input.now],
  );
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'pos_key.create',
    targetType: 'pos_api_key',
    targetId: keyId,
    after: { storeId: input.storeId, name: input.name },
    at: input.now,
  });
  return { keyId, secret, storeId: input.storeId, name: input.name, createdAt: input.now.toISOString() };
}

interface KeyRow {
  id: string;
  store_id: string;
  name: string;
  created_at: unknown;
  last_used_at: unknown;
  revoked_at: unknown;
}

const toKey = (row: KeyRow): PosKey => ({
  keyId: row.id,
  storeId: row.store_id,
  name: row.name,
  createdAt: readInstant(row.created_at).toISOString(),
  lastUsedAt: row.last_used_at ? readInstant(row.last_used_at).toISOString() : null,
  revokedAt: row.revoked_at ? readInstant(row.revoked_at).toISOString() : null,
});

export async function listPosKeys(db: Tx, storeId: string): Promise<{ items: PosKey[]; nextCursor: null }> {
  const rows = await select<KeyRow>(
    db,
    'SELECT id, store_id, name, created_at, last_used_at, revoked_at FROM pos_api_keys WHERE store_id = ? ORDER BY created_at, id',
    [storeId],
  );
  return { items: rows.map(toKey), nextCursor: null };
}

/** Revoking is final and idempotent: a revoked key answers 401 POS_KEY_REVOKED from now on. */
export async function revokePosKey(
  tx: Tx,
  input: { storeId: string; keyId: string; adminId: string; now: Date },
): Promise<PosKey> {
  const [row] = await select<KeyRow>(
    tx,
    'SELECT id, store_id, name, created_at, last_used_at, revoked_at FROM pos_api_keys WHERE id = ? AND store_id = ?',
    [input.keyId, input.storeId],
  );
  if (!row) throw new AppError('POS_KEY_NOT_FOUND', 'This store has no such POS key.', { keyId: input.keyId });
  if (row.revoked_at) return toKey(row);
  await execute(tx, 'UPDATE pos_api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [
    input.now,
    input.keyId,
  ]);
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'pos_key.revoke',
    targetType: 'pos_api_key',
    targetId: input.keyId,
    at: input.now,
  });
  return toKey({ ...row, revoked_at: input.now });
}
