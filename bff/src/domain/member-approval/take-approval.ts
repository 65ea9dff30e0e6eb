import type { MemberApprovalRule } from '@tongka/shared-types';
import { execute, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import { type ApprovalRow, notFound, notLive, readApproval, statusAt } from './approval-row';
import { approvalPending } from './decide-approval';

export interface MemberApprovalCheck {
  approvalRequired: boolean;
  approved: boolean;
  pointsAbove: number;
  storedValueAboveFen: number;
}

export interface TakeApprovalInput {
  storeId: string;
  scanId: string;
  memberId: string;
  amountFen: number;
  points: number;
  storedValueFen: number;
  approvalId: string | undefined;
  rule: MemberApprovalRule;
  checkoutId: string;
  now: Date;
  preview: boolean;
}

/**
 * Large deductions need the member (docs/pos-api.md): above HQ's rule the checkout takes an
 * approval the member gave for this very scan, amount and deduction, unexpired and unused; the
 * conditional UPDATE to `used` makes it single-use even between two checkouts at once. The
 * preview reports the state instead of refusing a missing or pending approval.
 */
export async function takeMemberApproval(tx: Tx, input: TakeApprovalInput): Promise<MemberApprovalCheck> {
  const { rule } = input;
  const base = { pointsAbove: rule.pointsAbove, storedValueAboveFen: rule.storedValueAboveFen };
  const required = input.points > rule.pointsAbove || input.storedValueFen > rule.storedValueAboveFen;
  if (!required) return { ...base, approvalRequired: false, approved: false };
  if (!input.approvalId) {
    if (input.preview) return { ...base, approvalRequired: true, approved: false };
    throw new AppError(
      'MEMBER_APPROVAL_REQUIRED',
      'This deduction is above the HQ limit; the member must approve it.',
      {
        ...base,
        points: input.points,
        storedValueFen: input.storedValueFen,
      },
    );
  }
  const row = await readApproval(tx, input.approvalId);
  if (!row || row.store_id !== input.storeId) throw notFound(input.approvalId);
  assertBound(row, input);
  const status = statusAt(row, input.now);
  if (status === 'pending') {
    if (input.preview) return { ...base, approvalRequired: true, approved: false };
    throw approvalPending(row.id);
  }
  if (status !== 'approved') throw notLive(row, input.now);
  if (!input.preview) await markUsed(tx, row, input);
  return { ...base, approvalRequired: true, approved: true };
}

/** The approval must be for exactly this checkout: the member, the scan, the amount, the deduction. */
function assertBound(row: ApprovalRow, input: TakeApprovalInput): void {
  const mismatch = (field: string, message: string) =>
    new AppError('MEMBER_APPROVAL_MISMATCH', message, { approvalId: row.id, field });
  if (row.kind !== 'checkout') throw mismatch('kind', 'This approval is not for a checkout.');
  if (row.member_id !== input.memberId) throw mismatch('member', "This approval is another member's.");
  if (row.scan_id !== input.scanId) throw mismatch('scan', 'This approval is for another scan.');
  if (row.amount_fen !== input.amountFen) throw mismatch('amount', 'This approval is for another amount.');
  if (row.points !== input.points || row.stored_value_fen !== input.storedValueFen) {
    throw mismatch('deduction', 'This approval is for another deduction of points or stored value.');
  }
}

async function markUsed(tx: Tx, row: ApprovalRow, input: TakeApprovalInput): Promise<void> {
  const taken = await execute(
    tx,
    `UPDATE member_approvals SET status = 'used', used_checkout_id = ?
      WHERE id = ? AND status = 'approved' AND expires_at > ?`,
    [input.checkoutId, row.id, input.now],
  );
  if (taken === 1) return;
  const now = (await readApproval(tx, row.id)) ?? row;
  throw notLive(now, input.now);
}
