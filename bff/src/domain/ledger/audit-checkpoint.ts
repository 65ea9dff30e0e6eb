import type { DataSource } from 'typeorm';
import { decodeTime, encodeTime } from 'ulid';
import { execute, inTransaction, isSqlite, isUniqueViolation, readInstant, select, type Tx } from '../../db/tx';
import type { AccountSums, LedgerAudit } from './audit-findings';

/**
 * The audit's checkpoint (migration 1732463600000): a watermark transfer id and, per account, what
 * the transfers below it add to its balance and its pending credits. History is append-only (a
 * hold stays pending as written; posting or voiding it is a later transfer), so those sums never
 * change. An audit that found the ledger balanced moves it forward; the next incremental audit
 * reads only what lies beyond it.
 */
export interface AuditCheckpoint {
  version: number;
  /** Every transfer with a smaller id is summed into the checkpoint. */
  watermark: string;
  auditedAt: Date;
}

const NAME = 'ledger';

/**
 * How far the watermark trails the newest transfer. Transfer ids are ULIDs made by the writer
 * before its transaction commits: one that commits after the audit's snapshot must still fall
 * above the watermark, so the watermark trails by more than any transaction lasts. A transfer
 * that committed below a watermark afterwards (a writer's clock far behind, a bulk load of old
 * ids) shows up as a mismatch of its accounts in the next incremental audit, never as silence;
 * the full audit then resets the checkpoint.
 */
export const SETTLE_MS = 10 * 60_000;

/**
 * The smallest ULID of the millisecond `settleMs` before the newest transfer's. Read from the ids
 * themselves, not a clock: the ids' time is the writers' wall clock, whatever clock a job or test
 * runs "as of".
 */
export async function watermarkOf(db: Tx, settleMs = SETTLE_MS): Promise<string> {
  const [row] = await select<{ id: string | null }>(db, 'SELECT MAX(id) AS id FROM ledger_transfers');
  if (!row?.id) return '0'.repeat(26);
  let newest: number;
  try {
    newest = decodeTime(row.id);
  } catch {
    newest = Date.now(); // not a ULID (hand-made test ids): the writers' clock is the wall clock
  }
  return `${encodeTime(Math.max(0, newest - settleMs), 10)}${'0'.repeat(16)}`;
}

export async function readCheckpoint(db: Tx): Promise<AuditCheckpoint | null> {
  const [row] = await select<{ version: string | number; last_transfer_id: string; audited_at: unknown }>(
    db,
    'SELECT version, last_transfer_id, audited_at FROM ledger_audit_checkpoints WHERE name = ?',
    [NAME],
  );
  if (!row) return null;
  return { version: Number(row.version), watermark: row.last_transfer_id, auditedAt: readInstant(row.audited_at) };
}

/** What a balanced audit moves the checkpoint to. */
export interface CheckpointAdvance {
  /** The checkpoint the audit started from (null: none yet). */
  from: number | null;
  watermark: string;
  auditedAt: Date;
  /** `set`: the sums are the accounts' new values (full audit); `add`: they are added (incremental). */
  mode: 'set' | 'add';
  sums: Map<string, AccountSums>;
}

/** An audit's findings and, if they are clean, where the checkpoint moves. */
export interface AuditOutcome {
  audit: LedgerAudit;
  advance: CheckpointAdvance;
}

const CHUNK = 1000;

/**
 * Writes the new checkpoint in one transaction, if nobody moved it since the audit read it
 * (compare-and-set on `version`; the loser's sums would count transfers twice). Returns whether
 * this audit's checkpoint was written.
 */
export async function advanceCheckpoint(dataSource: DataSource, next: CheckpointAdvance): Promise<boolean> {
  return inTransaction(dataSource, async (tx) => {
    if (!(await claimCheckpoint(tx, next))) return false;
    const rows = [...next.sums.entries()];
    for (let start = 0; start < rows.length; start += CHUNK) {
      await upsertSums(tx, rows.slice(start, start + CHUNK), next.mode);
    }
    return true;
  });
}

async function claimCheckpoint(tx: Tx, next: CheckpointAdvance): Promise<boolean> {
  if (next.from === null) {
    try {
      await execute(
        tx,
        'INSERT INTO ledger_audit_checkpoints (name, version, last_transfer_id, audited_at) VALUES (?, 1, ?, ?)',
        [NAME, next.watermark, next.auditedAt],
      );
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
  const moved = await execute(
    tx,
    `UPDATE ledger_audit_checkpoints SET version = version + 1, last_transfer_id = ?, audited_at = ?
      WHERE name = ? AND version = ?`,
    [next.watermark, next.auditedAt, NAME, next.from],
  );
  return moved === 1;
}

async function upsertSums(tx: Tx, rows: Array<[string, AccountSums]>, mode: 'set' | 'add'): Promise<void> {
  const sqlite = isSqlite(tx.connection);
  const update = (column: string) => {
    const incoming = sqlite ? `excluded.${column}` : `VALUES(${column})`;
    return `${column} = ${mode === 'add' ? `${column} + ${incoming}` : incoming}`;
  };
  await execute(
    tx,
    `INSERT INTO ledger_audit_sums (account_id, balance, pending_in) VALUES ${rows.map(() => '(?, ?, ?)').join(', ')}
     ${sqlite ? 'ON CONFLICT (account_id) DO UPDATE SET' : 'ON DUPLICATE KEY UPDATE'} ${update('balance')}, ${update('pending_in')}`,
    rows.flatMap(([accountId, sums]) => [accountId, sums.balance, sums.pendingIn]),
  );
}
