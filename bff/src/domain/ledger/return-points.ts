import type { Tx } from '../../db/tx';
import { type Account, memberWallet, storeAccount, systemAccount } from './accounts';
import { recreateLots } from './lots';
import { runOperation } from './operations';
import { writeTransfer } from './transfers';
import { type Asset, assertPositiveAmount, type Cause, type LotPortion, type TransferKind } from './types';

export interface ReturnInput extends Partial<Cause> {
  memberId: string;
  storeId: string | null;
  portions: LotPortion[];
  idempotencyKey: string;
  kind?: 'REFUND' | 'REVERSAL';
  note?: string;
  at: Date;
}

/**
 * Gives back what a redemption took (a refund): one transfer from the store's redeemed account,
 * and the portions re-created as lots with their original issuing store, funding and expiry, so
 * settlement and expiry treat them exactly as before.
 */
export function returnPoints(tx: Tx, input: ReturnInput): Promise<{ transferIds: string[] }> {
  return returnPortions(tx, input, 'POINTS');
}

export function returnStoredValue(tx: Tx, input: ReturnInput): Promise<{ transferIds: string[] }> {
  return returnPortions(tx, input, 'CNY');
}

function returnPortions(tx: Tx, input: ReturnInput, asset: Asset): Promise<{ transferIds: string[] }> {
  for (const portion of input.portions) assertPositiveAmount(portion.amount, 'portions.amount');
  const amount = input.portions.reduce((sum, portion) => sum + portion.amount, 0);
  assertPositiveAmount(amount, 'portions');
  const { idempotencyKey, at, ...request } = input;
  const op = asset === 'POINTS' ? 'returnPoints' : 'returnStoredValue';
  return runOperation(tx, idempotencyKey, { op, ...request }, async () => {
    const kind: TransferKind = input.kind ?? 'REFUND';
    const wallet = await memberWallet(tx, input.memberId, asset);
    const source = await returnSource(tx, input.storeId, asset);
    const now = at;
    const transferId = await writeTransfer(tx, {
      idempotencyKey,
      from: source,
      to: wallet,
      amount,
      kind,
      storeId: input.storeId,
      cause: input,
      note: input.note ?? null,
      at: now,
    });
    await recreateLots(tx, wallet, input.memberId, input.portions, transferId, now);
    return { transferIds: [transferId] };
  });
}

async function returnSource(tx: Tx, storeId: string | null, asset: Asset): Promise<Account> {
  if (!storeId) return systemAccount(tx, 'campaign', asset);
  return storeAccount(tx, storeId, asset === 'POINTS' ? 'points_redeemed' : 'sv_redeemed', asset);
}
