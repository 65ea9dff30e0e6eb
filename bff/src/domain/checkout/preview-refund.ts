import type { RefundPreviewResponse } from '@tongka/shared-types';
import { staffRoleAt } from '../../auth/resolve-principal';
import { inTransaction, select } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { refundCheckout } from './refund-checkout';

class PreviewRollback extends Error {
  constructor(readonly answer: RefundPreviewResponse) {
    super('refund preview rollback');
  }
}

export interface PreviewRefundInput {
  storeId: string;
  checkoutId: string;
  staffMemberId: string;
  amountFen?: number;
}

/**
 * The refund sheet's preview: the refund's own code path (guards, proration, clawback and debt)
 * in a transaction that is always rolled back, so the cashier sees what the refund will do —
 * the debt included — before anything is written.
 */
export async function previewRefund(deps: AppDeps, input: PreviewRefundInput): Promise<RefundPreviewResponse> {
  try {
    await inTransaction(deps.dataSource, async (tx) => {
      const role = await staffRoleAt(tx, input.staffMemberId, input.storeId);
      const { refundId: _refundId, ...result } = await refundCheckout(tx, deps, {
        ...input,
        isManager: role === 'manager',
      });
      // What is left after this refund, plus this refund: what was refundable before it.
      const [left] = await select<{ fen: number | string }>(
        tx,
        'SELECT amount_fen - coupon_discount_fen - refunded_fen AS fen FROM checkouts WHERE id = ?',
        [input.checkoutId],
      );
      throw new PreviewRollback({ ...result, refundableFen: Number(left?.fen ?? 0) + result.refundedFen });
    });
  } catch (error) {
    if (error instanceof PreviewRollback) return error.answer;
    throw error;
  }
  throw new Error('unreachable: the refund preview transaction always rolls back');
}
