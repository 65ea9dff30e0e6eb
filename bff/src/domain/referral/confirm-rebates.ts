import { execute, inTransaction, readInstant, select, type Tx } from '../../db/tx';
import type { AppDeps } from '../../deps';
import type { JobOptions } from '../../jobs/registry';
import { resolveActiveMemberId } from '../identity/resolve-active-member';
import { creditStoredValue, earnPoints } from '../ledger';
import { isUnderReview } from './fraud-checks';
import { type RebateRow, selectRebates } from './rebate-row';
import { forUpdate } from './sql-helpers';

const BATCH_SIZE = 200;

/**
 * The confirm-rebates job: every pending rebate whose window ended by `asOf` is paid, in
 * (confirm_at, id) order, one transaction each. Safe to run on two instances at once: each rebate
 * is locked and re-read before it is paid, and the ledger's idempotency key is the rebate's id.
 * `processed` counts the rebates this run confirmed.
 */
export async function confirmRebatesJob(deps: AppDeps, options: JobOptions): Promise<{ processed: number }> {
  let after: { confirmAt: Date; id: string } | null = null;
  let processed = 0;
  for (;;) {
    const due = await dueRebates(deps.dataSource.manager, options.asOf, after);
    if (due.length === 0) break;
    for (const rebate of due) {
      if (await inTransaction(deps.dataSource, (tx) => confirmRebate(tx, rebate.id, options.asOf))) processed += 1;
    }
    after = due[due.length - 1];
    options.onProgress?.(processed, null);
  }
  return { processed };
}

async function dueRebates(db: Tx, asOf: Date, after: { confirmAt: Date; id: string } | null) {
  const page = after ? 'AND (confirm_at > ? OR (confirm_at = ? AND id > ?))' : '';
  const rows = await select<{ id: string; confirm_at: unknown }>(
    db,
    `SELECT id, confirm_at FROM referral_rebates WHERE status = 'pending' AND confirm_at <= ? ${page}
      ORDER BY confirm_at, id LIMIT ${BATCH_SIZE}`,
    after ? [asOf, after.confirmAt, after.confirmAt, after.id] : [asOf],
  );
  return rows.map((row) => ({ id: row.id, confirmAt: readInstant(row.confirm_at) }));
}

/**
 * Pays one rebate as a ledger transfer from HQ's campaign account (HQ-funded, so it settles
 * against HQ wherever it is spent). A referrer under review gets it held; a referrer deleted
 * since gets nothing. True when this call confirmed it.
 */
export async function confirmRebate(tx: Tx, rebateId: string, asOf: Date): Promise<boolean> {
  const [rebate] = await selectRebates(tx, `SELECT * FROM referral_rebates WHERE id = ?${forUpdate(tx)}`, [rebateId]);
  if (rebate?.status !== 'pending' || rebate.confirm_at.getTime() > asOf.getTime()) return false;
  const beneficiaryId = await resolveActiveMemberId(tx, rebate.beneficiary_id);
  if (!beneficiaryId) return setStatus(tx, rebate.id, 'cancelled', asOf);
  if (await isUnderReview(tx, beneficiaryId)) return setStatus(tx, rebate.id, 'held', asOf);
  await payRebate(tx, rebate, beneficiaryId, asOf);
  await execute(
    tx,
    `UPDATE referral_rebates SET status = 'confirmed', confirmed_at = ?, beneficiary_id = ?, updated_at = ?
      WHERE id = ? AND status = 'pending'`,
    [asOf, beneficiaryId, asOf, rebate.id],
  );
  return true;
}

async function payRebate(tx: Tx, rebate: RebateRow, memberId: string, asOf: Date): Promise<void> {
  const common = {
    memberId,
    storeId: rebate.store_id,
    idempotencyKey: `rebate:${rebate.id}`,
    fundedBy: 'HQ' as const,
    causeType: 'referral_rebate',
    causeId: rebate.id,
    note: `referral rebate, level ${rebate.level}`,
  };
  if (rebate.asset === 'POINTS') {
    await earnPoints(tx, { ...common, points: rebate.current_amount, kind: 'REBATE', earnedAt: asOf });
  } else if (rebate.asset === 'CNY') {
    await creditStoredValue(tx, { ...common, fen: rebate.current_amount, kind: 'REBATE', at: asOf });
  }
  // COMMISSION: recorded for payroll, nothing moves on the ledger.
}

async function setStatus(tx: Tx, id: string, status: string, at: Date): Promise<false> {
  await execute(tx, "UPDATE referral_rebates SET status = ?, updated_at = ? WHERE id = ? AND status = 'pending'", [
    status,
    at,
    id,
  ]);
  return false;
}
