import { readInstant, select, type Tx } from '../../db/tx';
import { findAccount, memberWallet } from './accounts';
import { expiryFor, readExpiryRule } from './expiry-rule';
import { createLot } from './lots';
import { forUpdate, runOperation } from './operations';
import { postTransfer, stillPending } from './pending-transfers';
import { readTransfer, writeTransfer } from './transfers';
import type { FundedBy } from './types';

export interface ReleasePendingEarnResult {
  released: number;
  debtRepaid: number;
  lotId: string | null;
  /** Which run did the work: a concurrent run replaying this result sees someone else's id. */
  runId: string;
}

/**
 * Posts one pending earn whose release instant has passed, exactly once (operation key
 * `release-earn:<transferId>`; a concurrent runner waits on that key and replays). Like
 * earnPoints, points debt is repaid first (DEBT_REPAY from the wallet to the debt account, right
 * after the post), and the rest becomes a lot whose expiry counts from the release instant. A
 * transfer a refund voided meanwhile releases nothing.
 */
export async function releasePendingEarn(tx: Tx, transferId: string, runId: string): Promise<ReleasePendingEarnResult> {
  return runOperation(tx, `release-earn:${transferId}`, { op: 'releasePendingEarn', transferId }, async () => {
    const [row] = await select<{
      member_id: string;
      store_id: string | null;
      funded_by: FundedBy;
      release_at: unknown;
      cause_type: string | null;
      cause_id: string | null;
    }>(
      tx,
      `SELECT p.member_id, p.store_id, p.funded_by, p.release_at, t.cause_type, t.cause_id
         FROM ledger_pending_earns p JOIN ledger_transfers t ON t.id = p.transfer_id WHERE p.transfer_id = ?`,
      [transferId],
    );
    if (!row) throw new Error(`transfer ${transferId} is not a pending earn`);
    // The wallet lock first (the lock order of every operation on a member), then the transfer.
    const wallet = await memberWallet(tx, row.member_id, 'POINTS');
    await select(tx, `SELECT id FROM ledger_accounts WHERE id = ?${forUpdate(tx)}`, [wallet.id]);
    const transfer = await readTransfer(tx, transferId, true);
    if (transfer?.status !== 'pending') return { released: 0, debtRepaid: 0, lotId: null, runId };
    const releaseAt = readInstant(row.release_at);
    await postTransfer(tx, transferId, releaseAt);
    const debtRepaid = await repayDebtFromWallet(tx, row.member_id, transfer.amount, {
      transferId,
      storeId: row.store_id,
      cause: row.cause_type && row.cause_id ? { causeType: row.cause_type, causeId: row.cause_id } : undefined,
      at: releaseAt,
    });
    const credited = transfer.amount - debtRepaid;
    let lotId: string | null = null;
    if (credited > 0) {
      lotId = await createLot(tx, {
        account: wallet,
        memberId: row.member_id,
        issuingStoreId: row.store_id,
        fundedBy: row.funded_by,
        amount: credited,
        expiresAt: expiryFor(releaseAt, await readExpiryRule(tx)),
        earnedAt: releaseAt,
        originTransferId: transferId,
      });
    }
    return { released: transfer.amount, debtRepaid, lotId, runId };
  });
}

async function repayDebtFromWallet(
  tx: Tx,
  memberId: string,
  points: number,
  context: { transferId: string; storeId: string | null; cause?: { causeType: string; causeId: string }; at: Date },
): Promise<number> {
  const debt = await findAccount(tx, 'member', memberId, 'debt', 'POINTS');
  if (!debt) return 0;
  const [row] = await select<{ balance: string | number }>(
    tx,
    `SELECT balance FROM ledger_accounts WHERE id = ?${forUpdate(tx)}`,
    [debt.id],
  );
  const amount = Math.min(-Number(row.balance), points);
  if (amount <= 0) return 0;
  await writeTransfer(tx, {
    idempotencyKey: `release-earn:${context.transferId}:repay`,
    kind: 'DEBT_REPAY',
    from: await memberWallet(tx, memberId, 'POINTS'),
    to: debt,
    amount,
    storeId: context.storeId,
    cause: context.cause,
    at: context.at,
  });
  return amount;
}

export interface DuePendingEarn {
  transferId: string;
  releaseAt: Date;
}

/** The next pending earns due by `asOf`, in (release_at, transfer_id) order after a cursor. */
export async function duePendingEarns(
  db: Tx,
  asOf: Date,
  after: DuePendingEarn | null,
  limit: number,
): Promise<DuePendingEarn[]> {
  const cursorClause = after ? ' AND (p.release_at > ? OR (p.release_at = ? AND p.transfer_id > ?))' : '';
  const rows = await select<{ transfer_id: string; release_at: unknown }>(
    db,
    `SELECT p.transfer_id, p.release_at FROM ledger_pending_earns p JOIN ledger_transfers t ON t.id = p.transfer_id
      WHERE ${stillPending('t')} AND p.release_at <= ?${cursorClause}
      ORDER BY p.release_at, p.transfer_id LIMIT ${Number(limit)}`,
    after ? [asOf, after.releaseAt, after.releaseAt, after.transferId] : [asOf],
  );
  return rows.map((row) => ({ transferId: row.transfer_id, releaseAt: readInstant(row.release_at) }));
}
