import { select, type Tx } from '../../db/tx';
import { decodeCursor, encodeCursor, isUlid } from './cursor';

/**
 * One page of an append-only table's rows, newest first by ULID id, optionally of one status:
 * the HQ queues (approvals, risk alerts). `table` is always a constant of the caller, never input.
 * The cursor is the shared opaque one, so a cursor this list did not hand out is 400, not an empty page.
 */
export async function newestFirstPage<Row extends { id: string }, Item>(
  db: Tx,
  table: 'approvals' | 'risk_alerts',
  query: { status?: string; limit: number; cursor?: string },
  toItem: (row: Row) => Item,
): Promise<{ items: Item[]; nextCursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.status) {
    where.push('status = ?');
    params.push(query.status);
  }
  const after = decodeCursor(table, query.cursor, [isUlid]);
  if (after) {
    where.push('id < ?');
    params.push(after[0]);
  }
  const rows = await select<Row>(
    db,
    `SELECT * FROM ${table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
    [...params, query.limit + 1],
  );
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > query.limit ? encodeCursor(table, [page[page.length - 1].id]) : null,
  };
}
