import type { CheckoutResponse } from '@tongka/shared-types';
import { inTransaction } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { type RunCheckoutInput, runCheckout } from './run-checkout';

class PreviewRollback extends Error {
  constructor(readonly answer: CheckoutResponse) {
    super('preview rollback');
  }
}

/**
 * The cashier's confirmation sheet: the very code path of the real checkout, in a transaction
 * that is always rolled back, so the answer is the one the checkout would give and nothing stays
 * written (no ledger transfer, no checkout row, no outbox message).
 */
export async function previewCheckout(deps: AppDeps, input: RunCheckoutInput): Promise<CheckoutResponse> {
  try {
    await inTransaction(deps.dataSource, async (tx) => {
      throw new PreviewRollback(await runCheckout(tx, deps, { ...input, preview: true }));
    });
  } catch (error) {
    if (error instanceof PreviewRollback) return error.answer;
    throw error;
  }
  throw new Error('unreachable: the preview transaction always rolls back');
}
