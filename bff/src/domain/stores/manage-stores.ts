import type { CreateStoreRequest, Store } from '@tongka/shared-types';
import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../shared/app-error';
import { decodeCursor, encodeCursor, isText } from '../shared/cursor';
import { ulid } from '../shared/ulid';

/** HQ creates a store; the unique code index decides duplicates (409 STORE_CODE_EXISTS). */
export async function createStore(
  tx: Tx,
  input: CreateStoreRequest,
  actor: { adminId: string; now: Date },
): Promise<Store> {
  const store: Store = { id: ulid(), code: input.code, name: input.name, city: input.city ?? null };
  try {
    await execute(tx, 'INSERT INTO stores (id, code, name, city, created_at) VALUES (?, ?, ?, ?, ?)', [
      store.id,
      store.code,
      store.name,
      store.city,
      actor.now,
    ]);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError('STORE_CODE_EXISTS', 'A store with this code already exists.', { code: input.code });
  }
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: actor.adminId,
    action: 'store.create',
    targetType: 'store',
    targetId: store.id,
    after: store,
    at: actor.now,
  });
  return store;
}

export async function listStores(db: Tx, query: { limit: number; cursor?: string }) {
  const after = decodeCursor('stores', query.cursor, [isText(32)])?.[0];
  const rows = await select<Store>(
    db,
    `SELECT id, code, name, city FROM stores ${after ? 'WHERE code > ?' : ''} ORDER BY code LIMIT ?`,
    after ? [after, query.limit + 1] : [query.limit + 1],
  );
  const items = rows.slice(0, query.limit).map((row) => ({ ...row, city: row.city ?? null }));
  return {
    items,
    nextCursor: rows.length > query.limit ? encodeCursor('stores', [items[items.length - 1].code]) : null,
  };
}

export async function requireStore(db: Tx, storeId: string): Promise<{ id: string; code: string }> {
  const [row] = await select<{ id: string; code: string }>(db, 'SELECT id, code FROM stores WHERE id = ?', [storeId]);
  if (!row) throw new AppError('STORE_NOT_FOUND', 'No such store.', { storeId });
  return row;
}
