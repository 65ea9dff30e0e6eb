import { select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import { accountById } from './accounts';
import { consumeLots, lotOfTransfer, portionsOf, recreateLots } from './lots';
import { runOperation } from './operations';
import { readTransfer, type TransferRecord, writeTransfer } from './transfers';
import type { Cause } from './types';

export interface ReverseTransferInput extends Partial<Cause> {
  transferId: string;
  idempotencyKey: string;
  note?: string;
  at: Date;
}

/**
 * Corrects a posted transfer with a new one in the opposite direction that points at it; the
 * original is never touched. Lots follow: a reversed earn takes back the lot it created first, a
 * reversed redemption gives the consumed portions back. A reversal is not itself reversible (post
 * a new movement instead), and a transfer is reversed at most once (unique reverses_id).
 */
export async function reverseTransfer(tx: Tx, input: ReverseTransferInput): Promise<{ transferId: string }> {
  const { idempotencyKey, at, ...request } = input;
  return runOperation(tx, idempotencyKey, { op: 'reverseTransfer', ...request }, async () => {
    const original = await readTransfer(tx, input.transferId, true);
    if (!original) throw new AppError('TRANSFER_NOT_FOUND', 'There is no such ledger transfer.', request);
    await assertReversible(tx, original);
    const from = await accountById(tx, original.toAccountId);
    const to = await accountById(tx, original.fromAccountId);
    const now = at;
    const transferId = await writeTransfer(tx, {
      idempotencyKey,
      from,
      to,
      amount: original.amount,
      kind: 'REVERSAL',
      storeId: original.storeId,
      cause: input,
      reversesId: original.id,
      note: input.note ?? null,
      at: now,
    });
    if (from.purpose === 'wallet') {
      await consumeLots(tx, from.id, original.amount, transferId, await lotOfTransfer(tx, original.id), now);
    }
    if (to.purpose === 'wallet') {
      await recreateLots(tx, to, to.ownerId, await portionsOf(tx, original.id), transferId, now);
    }
    return { transferId };
  });
}

async function assertReversible(tx: Tx, original: TransferRecord): Promise<void> {
  const refuse = (reason: string) =>
    new AppError('TRANSFER_NOT_REVERSIBLE', `This transfer cannot be reversed: ${reason}.`, {
      transferId: original.id,
      reason,
    });
  if (original.kind === 'REVERSAL') throw refuse('it is itself a reversal');
  if (original.pendingId) throw refuse('it posts or voids a pending transfer (reverse that one instead)');
  if (original.status !== 'posted') throw refuse(`it is ${original.status}`);
  const already = await select(tx, 'SELECT id FROM ledger_transfers WHERE reverses_id = ?', [original.id]);
  if (already.length > 0) throw refuse('it was already reversed');
}
