import { select, type Tx } from '../../db/tx';

/**
 * One page of an append-only table's rows, newest first by ULID id, optionally of one status:
 * the HQ queues (approvals, risk alerts). `table` is always a constant of the caller, never input.
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
  if (query.cursor) {
    where.push('id < ?');
    params.push(query.cursor);
  }
  const rows = await select<Row>(
    db,
    `SELECT * FROM ${table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
    [...params, query.limit + 1],
  );
  const page = rows.slice(0, query.limit);
  return { items: page.map(toItem), nextCursor: rows.length > query.limit ? page[page.length - 1].id : null };
}
