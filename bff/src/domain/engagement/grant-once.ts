import { execute, isUniqueViolation, type Tx } from '../../db/tx';
import { grantCoupon } from '../coupons/grant-coupon';
import { earnPoints } from '../ledger';
import { ulid } from '../shared/ulid';

/**
 * An HQ-funded gift that may happen once per member and key ("signup", "birthday:2026",
 * "tier:gold:2026"): the unique (member, key) row decides, then one BONUS earn through the ledger
 * and/or one coupon of HQ's chosen template (skipped when the template is paused, ended or out of
 * stock). False when it was already given (or nothing is configured).
 */
export async function grantOnce(
  tx: Tx,
  input: {
    memberId: string;
    grantKey: string;
    points: number;
    note: string;
    at: Date;
    coupon?: { templateId: string | null | undefined; timeZone: string };
  },
): Promise<boolean> {
  const couponTemplateId = input.coupon?.templateId ?? null;
  if (input.points <= 0 && couponTemplateId === null) return false;
  const id = ulid();
  try {
    await execute(
      tx,
      'INSERT INTO member_grants (id, member_id, grant_key, points, transfer_id, created_at) VALUES (?, ?, ?, ?, NULL, ?)',
      [id, input.memberId, input.grantKey, Math.max(input.points, 0), input.at],
    );
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
  if (couponTemplateId !== null && input.coupon) {
    await grantCoupon(tx, {
      templateId: couponTemplateId,
      memberId: input.memberId,
      at: input.at,
      timeZone: input.coupon.timeZone,
    });
  }
  if (input.points <= 0) return true;
  const { transferIds } = await earnPoints(tx, {
    memberId: input.memberId,
    storeId: null,
    points: input.points,
    kind: 'BONUS',
    fundedBy: 'HQ',
    idempotencyKey: `grant:${input.memberId}:${input.grantKey}`,
    causeType: 'member-grant',
    causeId: id,
    earnedAt: input.at,
    note: input.note,
  });
  await execute(tx, 'UPDATE member_grants SET transfer_id = ? WHERE id = ?', [transferIds[0] ?? null, id]);
  return true;
}
