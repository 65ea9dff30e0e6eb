import type { Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import { accountById, creditBalance, settlePendingCredit } from './accounts';
import { portionsOf, recreateLots } from './lots';
import { flowOf, noteFlows } from './report-rollups';
import { insertTransferRow, nextTransferId, readTransfer, type TransferRecord } from './transfers';

/**
 * Two-phase transfers as TigerBeetle has them: a pending transfer is never updated; posting or
 * voiding it is a new transfer (same accounts and amount, `pending_id` naming the pending one,
 * status post_pending | void_pending). The unique key on pending_id lets a pending transfer be
 * resolved once.
 */

/** SQL: the pending transfer aliased `alias` has not been posted or voided yet. */
export function stillPending(alias: string): string {
  return `${alias}.status = 'pending' AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = ${alias}.id)`;
}

/** Completes a hold: the parked amount becomes the credit side's balance. */
export async function postTransfer(
  tx: Tx,
  transferId: string,
  at: Date,
): Promise<{ transferId: string; status: 'posted' }> {
  const transfer = await lockPending(tx, transferId);
  const to = await accountById(tx, transfer.toAccountId);
  await settlePendingCredit(tx, to, transfer.amount, true);
  await writeResolution(tx, transfer, 'post_pending', at);
  return { transferId, status: 'posted' };
}

/** Cancels a hold: the debit side gets its amount back, and a member gets the same lots back. */
export async function voidTransfer(
  tx: Tx,
  transferId: string,
  at: Date,
): Promise<{ transferId: string; status: 'voided' }> {
  const transfer = await lockPending(tx, transferId);
  const from = await accountById(tx, transfer.fromAccountId);
  const to = await accountById(tx, transfer.toAccountId);
  await creditBalance(tx, from, transfer.amount);
  await settlePendingCredit(tx, to, transfer.amount, false);
  if (from.purpose === 'wallet') {
    await recreateLots(tx, from, from.ownerId, await portionsOf(tx, transferId), transferId, at);
  }
  await writeResolution(tx, transfer, 'void_pending', at);
  // The report counted the transfer when it was written; a void takes that back on its own day.
  const flow = flowOf(from.ownerType === 'member', to.ownerType === 'member');
  await noteFlows(tx, [
    {
      at,
      storeId: transfer.storeId,
      asset: transfer.asset,
      kind: transfer.kind,
      flow,
      amount: -transfer.amount,
      transfers: -1,
    },
  ]);
  return { transferId, status: 'voided' };
}

async function lockPending(tx: Tx, transferId: string): Promise<TransferRecord> {
  const transfer = await readTransfer(tx, transferId, true);
  if (!transfer) throw new AppError('TRANSFER_NOT_FOUND', 'There is no such ledger transfer.', { transferId });
  if (transfer.status !== 'pending' || transfer.pendingId !== null) {
    throw new AppError('TRANSFER_NOT_PENDING', 'Only a pending transfer can be posted or voided.', {
      transferId,
      status: transfer.status,
    });
  }
  return transfer;
}

async function writeResolution(
  tx: Tx,
  pending: TransferRecord,
  status: 'post_pending' | 'void_pending',
  at: Date,
): Promise<void> {
  await insertTransferRow(tx, {
    id: nextTransferId(),
    idempotencyKey: `${status === 'post_pending' ? 'post' : 'void'}:${pending.id}`,
    fromAccountId: pending.fromAccountId,
    toAccountId: pending.toAccountId,
    asset: pending.asset,
    amount: pending.amount,
    kind: pending.kind,
    status,
    storeId: pending.storeId,
    causeType: null,
    causeId: null,
    reversesId: null,
    pendingId: pending.id,
    note: null,
    at,
  });
}
