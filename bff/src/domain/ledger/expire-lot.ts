import { execute, readInstant, select, type Tx } from '../../db/tx';
import { accountById, systemAccount } from './accounts';
import { recordPortion } from './lots';
import { forUpdate, runOperation } from './operations';
import { noteLots } from './report-rollups';
import { writeTransfer } from './transfers';

export interface ExpireLotResult {
  expired: number;
  /** Which run did the work: a concurrent run replaying this result sees someone else's id. */
  runId: string;
}

/**
 * Moves what is left of one expired lot to system:expired, exactly once: the operation key
 * `expire:<lotId>` makes a second runner replay instead of expiring again, and the claim
 * `UPDATE ... WHERE remaining = ?` runs after the wallet lock (same lock order as a spend).
 */
export async function expireLot(tx: Tx, lotId: string, asOf: Date, runId: string): Promise<ExpireLotResult> {
  return runOperation(tx, `expire:${lotId}`, { op: 'expireLot', lotId }, async () => {
    const [lot] = await select<{ account_id: string }>(tx, 'SELECT account_id FROM ledger_lots WHERE id = ?', [lotId]);
    const wallet = await accountById(tx, lot.account_id);
    await select(tx, `SELECT id FROM ledger_accounts WHERE id = ?${forUpdate(tx)}`, [wallet.id]);
    const [locked] = await select<{ remaining: string | number; issuing_store_id: string | null }>(
      tx,
      `SELECT remaining, issuing_store_id FROM ledger_lots WHERE id = ?${forUpdate(tx)}`,
      [lotId],
    );
    const remaining = Number(locked.remaining);
    if (remaining === 0) return { expired: 0, runId };
    const transferId = await writeTransfer(tx, {
      idempotencyKey: `expire:${lotId}`,
      from: wallet,
      to: await systemAccount(tx, 'expired', wallet.asset),
      amount: remaining,
      kind: 'EXPIRE',
      storeId: locked.issuing_store_id,
      cause: { causeType: 'lot', causeId: lotId },
      at: asOf,
    });
    const claimed = await execute(tx, 'UPDATE ledger_lots SET remaining = 0 WHERE id = ? AND remaining = ?', [
      lotId,
      remaining,
    ]);
    if (claimed !== 1) throw new Error(`lot ${lotId} changed under its lock`);
    await recordPortion(tx, transferId, lotId, remaining);
    await noteLots(tx, [{ at: asOf, issuingStoreId: locked.issuing_store_id, asset: wallet.asset, delta: -remaining }]);
    return { expired: remaining, runId };
  });
}

export interface DueLot {
  id: string;
  /** The wallet the lot belongs to (locked before the lot, as every debit does). */
  accountId: string;
  expiresAt: Date;
}

/** The next expired lots with points left, in (expires_at, id) order after a cursor. */
export async function dueLots(
  db: Tx,
  asOf: Date,
  after: { expiresAt: Date; id: string } | null,
  limit: number,
): Promise<DueLot[]> {
  const cursorClause = after ? ' AND (expires_at > ? OR (expires_at = ? AND id > ?))' : '';
  const rows = await select<{ id: string; account_id: string; expires_at: Date | string }>(
    db,
    `SELECT id, account_id, expires_at FROM ledger_lots WHERE asset = 'POINTS' AND remaining > 0 AND expires_at <= ?${cursorClause}
      ORDER BY expires_at, id LIMIT ${Number(limit)}`,
    after ? [asOf, after.expiresAt, after.expiresAt, after.id] : [asOf],
  );
  return rows.map((row) => ({ id: row.id, accountId: row.account_id, expiresAt: readInstant(row.expires_at) }));
}
