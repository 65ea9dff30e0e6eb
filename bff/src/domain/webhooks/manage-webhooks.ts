import { randomBytes } from 'node:crypto';
import { execute, readInstant, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../shared/app-error';
import type { DataCrypto } from '../shared/data-crypto';
import { ulid } from '../shared/ulid';

interface WebhookRow {
  id: string;
  store_id: string | null;
  url: string;
  created_at: unknown;
}

const toWebhook = (row: WebhookRow) => ({
  id: row.id,
  url: row.url,
  storeId: row.store_id,
  createdAt: readInstant(row.created_at).toISOString(),
});

/** HQ registers a receiver URL for the chain (no store) or one store; the signing secret is answered once. */
export async function createWebhook(
  tx: Tx,
  crypto: DataCrypto,
  input: { url: string; storeId?: string; adminId: string; now: Date },
) {
  if (input.storeId) {
    const [store] = await select<{ id: string }>(tx, 'SELECT id FROM stores WHERE id = ?', [input.storeId]);
    if (!store) throw new AppError('STORE_NOT_FOUND', 'No such store.', { storeId: input.storeId });
  }
  const id = ulid();
  const secret = randomBytes(32).toString('base64url');
  await execute(
    tx,
    'INSERT INTO webhooks (id, store_id, url, secret_enc, created_by, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, NULL)',
    [id, input.storeId ?? null, input.url, crypto.encrypt(secret), input.adminId, input.now],
  );
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'webhook.create',
    targetType: 'webhook',
    targetId: id,
    after: { url: input.url, storeId: input.storeId ?? null },
    at: input.now,
  });
  return { ...toWebhook({ id, store_id: input.storeId ?? null, url: input.url, created_at: input.now }), secret };
}

export async function listWebhooks(db: Tx) {
  const rows = await select<WebhookRow>(
    db,
    'SELECT id, store_id, url, created_at FROM webhooks WHERE deleted_at IS NULL ORDER BY created_at, id',
  );
  return { items: rows.map(toWebhook), nextCursor: null };
}

/** Deleting stops new deliveries to it; deliveries already queued are still tried. */
export async function deleteWebhook(tx: Tx, input: { id: string; adminId: string; now: Date }) {
  const changed = await execute(tx, 'UPDATE webhooks SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL', [
    input.now,
    input.id,
  ]);
  if (changed !== 1) throw new AppError('WEBHOOK_NOT_FOUND', 'No such webhook.', { id: input.id });
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'webhook.delete',
    targetType: 'webhook',
    targetId: input.id,
    at: input.now,
  });
}
