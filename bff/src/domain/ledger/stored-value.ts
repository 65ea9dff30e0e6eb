import type { Tx } from '../../db/tx';
import { type Account, hqAccount, memberWallet, storeAccount, systemAccount } from './accounts';
import { createLot, debitWithLots } from './lots';
import { runOperation } from './operations';
import { writeTransfer } from './transfers';
import { assertPositiveAmount, type Cause, type FundedBy, type LotPortion } from './types';

export interface CreditStoredValueInput extends Partial<Cause> {
  memberId: string;
  storeId: string | null;
  fen: number;
  idempotencyKey: string;
  kind: 'TOPUP' | 'TOPUP_BONUS' | 'REFUND' | 'REBATE' | 'ADJUST' | 'IMPORT';
  fundedBy?: FundedBy;
  note?: string;
  at: Date;
}

/**
 * Stored value (CNY, integer fen) never expires, but it is kept in lots too: a lot remembers the
 * store that took the top-up money, so spending it at another store produces a settlement line.
 */
export async function creditStoredValue(
  tx: Tx,
  input: CreditStoredValueInput,
): Promise<{ transferId: string; lotId: string }> {
  assertPositiveAmount(input.fen, 'fen');
  const { idempotencyKey, at, ...request } = input;
  return runOperation(tx, idempotencyKey, { op: 'creditStoredValue', ...request }, async () => {
    const fundedBy: FundedBy = input.fundedBy ?? (input.storeId ? 'STORE' : 'HQ');
    const wallet = await memberWallet(tx, input.memberId, 'CNY');
    const source = await creditSource(tx, input.storeId, input.kind, fundedBy);
    const now = at;
    const transferId = await writeTransfer(tx, {
      idempotencyKey,
      from: source,
      to: wallet,
      amount: input.fen,
      kind: input.kind,
      storeId: input.storeId,
      cause: input,
      note: input.note ?? null,
      at: now,
    });
    const lotId = await createLot(tx, {
      account: wallet,
      memberId: input.memberId,
      issuingStoreId: input.storeId,
      fundedBy,
      amount: input.fen,
      expiresAt: null,
      earnedAt: now,
      originTransferId: transferId,
    });
    return { transferId, lotId };
  });
}

async function creditSource(tx: Tx, storeId: string | null, kind: string, fundedBy: FundedBy): Promise<Account> {
  if (kind === 'IMPORT')
    return storeId ? storeAccount(tx, storeId, 'import', 'CNY') : systemAccount(tx, 'import', 'CNY');
  if (kind === 'ADJUST') return systemAccount(tx, 'adjust', 'CNY');
  if (fundedBy === 'HQ' || !storeId) return hqAccount(tx, storeId, 'CNY');
  if (kind === 'REFUND') return storeAccount(tx, storeId, 'sv_redeemed', 'CNY');
  return storeAccount(tx, storeId, 'sv_issued', 'CNY');
}

export interface DebitStoredValueInput extends Partial<Cause> {
  memberId: string;
  storeId: string | null;
  fen: number;
  idempotencyKey: string;
  kind?: 'SPEND' | 'ADJUST';
  note?: string;
  at: Date;
}

/** Pays with stored value; INSUFFICIENT_BALANCE when short. Reports which stores' top-ups were spent. */
export async function debitStoredValue(
  tx: Tx,
  input: DebitStoredValueInput,
): Promise<{ transferId: string; consumed: LotPortion[] }> {
  assertPositiveAmount(input.fen, 'fen');
  const { idempotencyKey, at, ...request } = input;
  return runOperation(tx, idempotencyKey, { op: 'debitStoredValue', ...request }, async () => {
    const kind = input.kind ?? 'SPEND';
    const wallet = await memberWallet(tx, input.memberId, 'CNY');
    const target =
      kind === 'ADJUST' || !input.storeId
        ? await systemAccount(tx, 'adjust', 'CNY')
        : await storeAccount(tx, input.storeId, 'sv_redeemed', 'CNY');
    return debitWithLots(tx, {
      idempotencyKey,
      from: wallet,
      to: target,
      amount: input.fen,
      kind,
      storeId: input.storeId,
      cause: input,
      note: input.note ?? null,
      at,
    });
  });
}
