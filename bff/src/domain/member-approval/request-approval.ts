import type { CheckoutRequest, MemberApproval } from '@tongka/shared-types';
import { execute, type Tx } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { loadScanForCheckout } from '../checkout/load-scan';
import { previewCheckout } from '../checkout/preview-checkout';
import { ulid } from '../shared/ulid';
import { type ApprovalRow, MEMBER_APPROVAL_TTL_MS, readApproval, toApproval } from './approval-row';

/**
 * The till asks the member to approve a checkout: the preview prices the very body the checkout
 * will send, and the request is bound to its scan, amount and deduction (points and stored
 * value), so an approval for ¥88 cannot pay for ¥888. The member's card shows it on its next
 * refresh (see miniprogram card page).
 */
export async function requestCheckoutApproval(
  tx: Tx,
  deps: AppDeps,
  input: { storeId: string; requestedBy: string; body: CheckoutRequest },
): Promise<MemberApproval> {
  const { memberApprovalId: _ignored, ...body } = input.body;
  const price = await previewCheckout(deps, { storeId: input.storeId, staffMemberId: input.requestedBy, body });
  const now = deps.clock.now();
  const scan = await loadScanForCheckout(tx, input.storeId, body.scanId, now);
  const row = await insertApproval(tx, {
    kind: 'checkout',
    storeId: input.storeId,
    memberId: scan.member_id,
    requestedBy: input.requestedBy,
    scanId: scan.id,
    amountFen: body.amountFen,
    points: price.pointsRedeemed,
    storedValueFen: price.storedValuePaidFen,
    now,
  });
  return toApproval(row, now);
}

export async function insertApproval(
  tx: Tx,
  input: {
    kind: ApprovalRow['kind'];
    storeId: string;
    memberId: string;
    requestedBy: string;
    scanId: string | null;
    amountFen: number;
    points: number;
    storedValueFen: number;
    now: Date;
  },
): Promise<ApprovalRow> {
  const id = ulid();
  await execute(
    tx,
    `INSERT INTO member_approvals (id, kind, status, store_id, member_id, requested_by, scan_id, amount_fen, points,
       stored_value_fen, decided_with, used_checkout_id, created_at, decided_at, expires_at)
     VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, NULL, ?)`,
    [
      id,
      input.kind,
      input.storeId,
      input.memberId,
      input.requestedBy,
      input.scanId,
      input.amountFen,
      input.points,
      input.storedValueFen,
      input.now,
      new Date(input.now.getTime() + MEMBER_APPROVAL_TTL_MS),
    ],
  );
  const row = await readApproval(tx, id);
  if (!row) throw new Error('member approval vanished after insert');
  return row;
}
