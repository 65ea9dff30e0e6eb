import { execute, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import { accountById, creditBalance, settlePendingCredit } from './accounts';
import { portionsOf, recreateLots } from './lots';
import { flowOf, noteFlows } from './report-rollups';
import { readTransfer, type TransferRecord } from './transfers';

/** Completes a hold: the parked amount becomes the credit side's balance. */
export async function postTransfer(tx: Tx, transferId: string): Promise<{ transferId: string; status: 'posted' }> {
  const transfer = await lockPending(tx, transferId);
  const to = await accountById(tx, transfer.toAccountId);
  await settlePendingCredit(tx, to, transfer.amount, true);
  await markStatus(tx, transferId, 'posted');
  return { transferId, status: 'posted' };
}

/** Cancels a hold: the debit side gets its amount back, and a member gets the same lots back. */
export async function voidTransfer(tx: Tx, transferId: string): Promise<{ transferId: string; status: 'voided' }> {
  const transfer = await lockPending(tx, transferId);
  const from = await accountById(tx, transfer.fromAccountId);
  const to = await accountById(tx, transfer.toAccountId);
  await creditBalance(tx, from, transfer.amount);
  await settlePendingCredit(tx, to, transfer.amount, false);
  if (from.purpose === 'wallet') {
    await recreateLots(tx, from, from.ownerId, await portionsOf(tx, transferId), transferId, new Date());
  }
  await markStatus(tx, transferId, 'voided');
  // The report counted the transfer when it was written; a void takes that back on its own day.
  const flow = flowOf(from.ownerType === 'member', to.ownerType === 'member');
  await noteFlows(tx, [
    {
      at: new Date(),
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
  if (transfer.status !== 'pending') {
    throw new AppError('TRANSFER_NOT_PENDING', 'Only a pending transfer can be posted or voided.', {
      transferId,
      status: transfer.status,
    });
  }
  return transfer;
}

async function markStatus(tx: Tx, transferId: string, status: 'posted' | 'voided'): Promise<void> {
  // The only update a transfer ever gets: pending → posted | voided (TigerBeetle two-phase).
  const affected = await execute(tx, "UPDATE ledger_transfers SET status = ? WHERE id = ? AND status = 'pending'", [
    status,
    transferId,
  ]);
  if (affected !== 1) throw new Error(`transfer ${transferId} changed status under a lock`);
}
