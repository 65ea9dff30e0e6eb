import { AppError } from '../shared/app-error';

export type Asset = 'POINTS' | 'CNY';
export type TransferKind =
  | 'EARN'
  | 'REDEEM'
  | 'EXPIRE'
  | 'MERGE'
  | 'REBATE'
  | 'TOPUP'
  | 'SPEND'
  | 'REFUND'
  | 'REVERSAL'
  | 'ADJUST'
  | 'IMPORT'
  | 'SETTLE'
  | 'DEBT'
  | 'DEBT_REPAY'
  | 'CHECKIN'
  | 'EXCHANGE'
  | 'CLAWBACK'
  | 'TOPUP_BONUS'
  | 'TOPUP_REFUND'
  | 'GIFT'
  | 'BONUS';
/** What a transfer is to its readers. */
export type TransferStatus = 'posted' | 'pending' | 'voided';
/**
 * What a ledger_transfers row stores (rows are never updated, TigerBeetle two-phase): `pending`
 * holds stay pending; a later row with `pending_id` set posts (`post_pending`) or voids
 * (`void_pending`) one. `voided` is only read from rows written before that model.
 */
export type StoredTransferStatus = 'posted' | 'pending' | 'post_pending' | 'void_pending' | 'voided';
export type FundedBy = 'STORE' | 'HQ';

/** What caused a movement, e.g. {causeType: 'checkout', causeId}. */
export interface Cause {
  causeType: string;
  causeId: string;
}

/** A part of a lot taken by a debit: who issued it and who paid for it, for settlement. */
export interface LotPortion {
  lotId: string;
  issuingStoreId: string | null;
  fundedBy: FundedBy;
  amount: number;
  expiresAt: Date | null;
}

/** The instant a movement is recorded at, from the caller's clock (jobs pass their as-of time). */
export interface At {
  at: Date;
}

export function insufficientFunds(asset: Asset, details: Record<string, unknown>): AppError {
  return asset === 'POINTS'
    ? new AppError('INSUFFICIENT_POINTS', 'The member does not have enough points.', details)
    : new AppError('INSUFFICIENT_BALANCE', 'The member does not have enough stored value.', details);
}

/** Amounts are positive integers (TigerBeetle: no zero or fractional transfers). */
export function assertPositiveAmount(amount: number, field: string): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new AppError('VALIDATION_FAILED', `${field} must be a positive integer.`, {
      issues: [{ path: field, message: 'expected a positive integer' }],
    });
  }
}
