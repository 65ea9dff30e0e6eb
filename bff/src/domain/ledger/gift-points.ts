import type { Tx } from '../../db/tx';
import { memberWallet } from './accounts';
import { consumeLots, recreateLots } from './lots';
import { runOperation } from './operations';
import { writeTransfer } from './transfers';
import { assertPositiveAmount, type Cause, type LotPortion } from './types';

export interface GiftPointsInput extends Partial<Cause> {
  fromMemberId: string;
  toMemberId: string;
  points: number;
  idempotencyKey: string;
  note?: string;
  at: Date;
}

/**
 * One member gives spendable points to another: one GIFT transfer between the two wallets (the
 * sender's conditional debit decides "enough"), the sender's lots consumed earliest expiry first
 * and re-created in the recipient's wallet with the same issuing store, funding and expiry, so
 * expiry and settlement treat the gifted points exactly as the sender's.
 */
export function giftPoints(tx: Tx, input: GiftPointsInput): Promise<{ transferId: string; portions: LotPortion[] }> {
  assertPositiveAmount(input.points, 'points');
  if (input.fromMemberId === input.toMemberId) throw new Error('a gift goes to another member');
  const { idempotencyKey, at, ...request } = input;
  return runOperation(tx, idempotencyKey, { op: 'giftPoints', ...request }, async () => {
    const from = await memberWallet(tx, input.fromMemberId, 'POINTS');
    const to = await memberWallet(tx, input.toMemberId, 'POINTS');
    const transferId = await writeTransfer(tx, {
      idempotencyKey,
      from,
      to,
      amount: input.points,
      kind: 'GIFT',
      storeId: null,
      cause: input,
      note: input.note ?? null,
      at,
    });
    const portions = await consumeLots(tx, from.id, input.points, transferId, [], at);
    await recreateLots(tx, to, input.toMemberId, portions, transferId, at);
    return { transferId, portions };
  });
}
