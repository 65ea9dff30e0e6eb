import { randomInt } from 'node:crypto';
import type { SelfSaleApprovalResponse, StaffSaleRule } from '@tongka/shared-types';
import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import { ulid } from '../shared/ulid';

/** An approval code is good for 10 minutes (the life of a scan). */
export const APPROVAL_TTL_MS = 10 * 60 * 1000;

export interface SelfSaleCheck {
  selfSale: boolean;
  approvalRequired: boolean;
  approved: boolean;
  approvalAboveFen: number;
  /** The manager whose code approved the sale. */
  approvedBy: string | null;
}

/**
 * Staff self-dealing (issue #10): a staff member's checkout for their own member card is flagged,
 * and above HQ's threshold it needs a manager's single-use approval code for this store, issued
 * by another member than the seller, for at least this amount, unexpired. The checkout takes the
 * code (a conditional update, so one code approves one sale); the preview only reports the state.
 */
export async function checkSelfSale(
  tx: Tx,
  input: {
    storeId: string;
    staffMemberId: string;
    memberId: string;
    amountFen: number;
    approvalCode: string | undefined;
    rule: StaffSaleRule;
    checkoutId: string;
    now: Date;
    preview: boolean;
  },
): Promise<SelfSaleCheck> {
  const approvalAboveFen = input.rule.approvalAboveFen;
  const base = { approvalAboveFen, approvedBy: null };
  if (input.staffMemberId !== input.memberId)
    return { ...base, selfSale: false, approvalRequired: false, approved: false };
  if (input.amountFen <= approvalAboveFen) return { ...base, selfSale: true, approvalRequired: false, approved: false };
  const approvedBy = input.approvalCode ? await takeApproval(tx, input) : null;
  if (!approvedBy && !input.preview) {
    throw new AppError(
      'SELF_SALE_APPROVAL_REQUIRED',
      "A sale to the seller's own card above the HQ limit needs a manager's approval code.",
      {
        approvalAboveFen,
        reason: input.approvalCode ? 'APPROVAL_CODE_INVALID' : 'APPROVAL_CODE_MISSING',
      },
    );
  }
  return { approvalAboveFen, selfSale: true, approvalRequired: true, approved: approvedBy !== null, approvedBy };
}

async function takeApproval(
  tx: Tx,
  input: {
    storeId: string;
    staffMemberId: string;
    amountFen: number;
    approvalCode?: string;
    checkoutId: string;
    now: Date;
    preview: boolean;
  },
): Promise<string | null> {
  const [row] = await select<{ id: string; manager_member_id: string }>(
    tx,
    `SELECT id, manager_member_id FROM self_sale_approvals
      WHERE store_id = ? AND code = ? AND used_checkout_id IS NULL AND expires_at > ? AND max_amount_fen >= ?
        AND manager_member_id <> ?`,
    [input.storeId, input.approvalCode, input.now, input.amountFen, input.staffMemberId],
  );
  if (!row) return null;
  if (input.preview) return row.manager_member_id;
  const taken = await execute(
    tx,
    'UPDATE self_sale_approvals SET used_checkout_id = ? WHERE id = ? AND used_checkout_id IS NULL',
    [input.checkoutId, row.id],
  );
  return taken === 1 ? row.manager_member_id : null;
}

/** A manager's approval code for one self-sale at their store, up to an amount (6 digits, single use). */
export async function createSelfSaleApproval(
  tx: Tx,
  input: { storeId: string; managerMemberId: string; maxAmountFen: number; now: Date },
): Promise<SelfSaleApprovalResponse> {
  const expiresAt = new Date(input.now.getTime() + APPROVAL_TTL_MS);
  // Codes of expired or used approvals are retired so the 6 digits are free again.
  await execute(tx, 'DELETE FROM self_sale_approvals WHERE store_id = ? AND expires_at <= ?', [
    input.storeId,
    input.now,
  ]);
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    try {
      await execute(
        tx,
        `INSERT INTO self_sale_approvals (id, store_id, code, manager_member_id, max_amount_fen, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [ulid(), input.storeId, code, input.managerMemberId, input.maxAmountFen, input.now, expiresAt],
      );
      return { approvalCode: code, maxAmountFen: input.maxAmountFen, expiresAt: expiresAt.toISOString() };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new AppError('IDEMPOTENCY_REQUEST_IN_PROGRESS', 'Could not pick a free approval code; try again.');
}
