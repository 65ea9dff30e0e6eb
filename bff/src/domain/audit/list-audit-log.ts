import type { AuditLogItem } from '@tongka/shared-types';
import { readInstant, select, type Tx } from '../../db/tx';
import { decodeCursor, encodeCursor, isUlid } from '../shared/cursor';

interface AuditRow {
  id: string;
  actor_type: string;
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string | null;
  before_json: string | null;
  after_json: string | null;
  created_at: unknown;
}

/** Newest first, optionally one action or one target; ids are ULIDs, so (created_at, id) descending is a stable keyset order. */
export async function listAuditLog(
  db: Tx,
  query: { limit: number; cursor?: string; action?: string; targetId?: string },
): Promise<{ items: AuditLogItem[]; nextCursor: string | null }> {
  const after = decodeCursor('audit-log', query.cursor, [isUlid])?.[0];
  const filters: Array<[string, string]> = [];
  if (after) filters.push(['id < ?', after]);
  if (query.action) filters.push(['action = ?', query.action]);
  if (query.targetId) filters.push(['target_id = ?', query.targetId]);
  const where = filters.map(([clause]) => clause);
  const params = filters.map(([, value]) => value);
  const rows = await select<AuditRow>(
    db,
    `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
    [...params, query.limit + 1],
  );
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > query.limit ? encodeCursor('audit-log', [page[page.length - 1].id]) : null,
  };
}

function toItem(row: AuditRow): AuditLogItem {
  return {
    id: row.id,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: row.before_json ? JSON.parse(row.before_json) : null,
    after: row.after_json ? JSON.parse(row.after_json) : null,
    createdAt: readInstant(row.created_at).toISOString(),
  };
}
