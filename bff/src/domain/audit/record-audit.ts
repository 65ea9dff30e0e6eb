import { execute, type Tx } from '../../db/tx';
import { monotonicFactory } from '../shared/ulid';

/**
 * Every manual or sensitive write leaves one audit_log row, written in the same transaction as the
 * change, so the log can never claim something that was rolled back (or miss something that was not).
 */
// Monotonic so that entries written in one millisecond still list in the order they were made.
const nextId = monotonicFactory();

export type AuditActorType = 'admin' | 'member' | 'staff' | 'system';

export interface AuditEntry {
  actorType: AuditActorType;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
  /** Defaults to the wall clock; pass deps.clock.now() where the clock matters. */
  at: Date;
}

export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<string> {
  const id = nextId();
  await execute(
    tx,
    `INSERT INTO audit_log (id, actor_type, actor_id, action, target_type, target_id, before_json, after_json, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      entry.actorType,
      entry.actorId,
      entry.action,
      entry.targetType,
      entry.targetId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      entry.at,
    ],
  );
  return id;
}
