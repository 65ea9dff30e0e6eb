import type { Tx } from '../../db/tx';
import { type Account, memberWallet, storeAccount, systemAccount } from './accounts';
import { debitWithLots } from './lots';
import { runOperation } from './operations';
import { assertPositiveAmount, type Cause, type LotPortion } from './types';

export interface SpendPointsInput extends Partial<Cause> {
  memberId: string;
  storeId: string | null;
  points: number;
  idempotencyKey: string;
  kind?: 'REDEEM' | 'EXCHANGE' | 'ADJUST';
  note?: string;
  at: Date;
}

export interface SpendPointsResult {
  transferId: string;
  consumed: LotPortion[];
}

/** Redeems points at a store, earliest-expiring lots first. INSUFFICIENT_POINTS when short. */
export function spendPoints(tx: Tx, input: SpendPointsInput): Promise<SpendPointsResult> {
  return debitPoints(tx, input, false);
}

/**
 * Two-phase: takes the points from the wallet now (so they cannot be spent twice) and parks them
 * as pending until postTransfer (the cash part was paid) or voidTransfer (it was not; the lots
 * come back).
 */
export function holdPoints(tx: Tx, input: SpendPointsInput): Promise<SpendPointsResult> {
  return debitPoints(tx, input, true);
}

function debitPoints(tx: Tx, input: SpendPointsInput, pending: boolean): Promise<SpendPointsResult> {
  assertPositiveAmount(input.points, 'points');
  const { idempotencyKey, at, ...request } = input;
  const op = pending ? 'holdPoints' : 'spendPoints';
  return runOperation(tx, idempotencyKey, { op, ...request }, async () => {
    const kind = input.kind ?? 'REDEEM';
    const wallet = await memberWallet(tx, input.memberId, 'POINTS');
    const target = await spendTarget(tx, input.storeId, kind);
    return debitWithLots(tx, {
      idempotencyKey,
      from: wallet,
      to: target,
      amount: input.points,
      kind,
      pending,
      storeId: input.storeId,
      cause: input,
      note: input.note ?? null,
      at,
    });
  });
}

async function spendTarget(tx: Tx, storeId: string | null, kind: string): Promise<Account> {
  if (kind === 'ADJUST') return systemAccount(tx, 'adjust', 'POINTS');
  if (!storeId) return systemAccount(tx, 'campaign', 'POINTS');
  return storeAccount(tx, storeId, 'points_redeemed', 'POINTS');
}
