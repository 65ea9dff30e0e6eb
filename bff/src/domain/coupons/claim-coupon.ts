import type { MemberCoupon } from '@tongka/shared-types';
import { execute, isUniqueViolation, readInstant, select, type Tx } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { AppError } from '../shared/app-error';
import { ulid } from '../shared/ulid';
import { queueCouponEvents } from '../webhooks/coupon-events';
import { newCouponCode } from './coupon-codes';
import { readTemplate, type TemplateRow } from './coupon-template-row';
import { validityFor } from './coupon-validity';
import { MEMBER_COUPON_COLUMNS, type MemberCouponRow, memberCouponView } from './member-coupon-row';

/**
 * POST /api/coupons/claim (idempotent through its key): the member's per-template count and the
 * template's stock are each taken by one conditional UPDATE whose affected-row count decides, so
 * 200 members racing for 50 coupons get exactly 50 and no member passes the limit. The member's
 * count row is always locked before the template row (no lock-order cycle between claims).
 */
export async function claimCoupon(
  tx: Tx,
  deps: AppDeps,
  input: { memberId: string; templateId: string },
): Promise<MemberCoupon> {
  const now = deps.clock.now();
  const template = await readTemplate(tx, input.templateId);
  assertClaimable(template, now);
  if (template.per_member_limit !== null) {
    await takeMemberSlot(tx, template.id, input.memberId, Number(template.per_member_limit));
  }
  const { validFrom, validUntil } = validityFor(template, now, deps.config.CHAIN_TIME_ZONE);
  const coupon = { id: ulid(), templateId: template.id, memberId: input.memberId, validFrom, validUntil, now };
  const code = await insertCoupon(tx, { ...coupon, source: 'claim' });
  await queueCouponEvents(tx, {
    type: 'coupon.claimed',
    couponIds: [coupon.id],
    cause: (couponId) => `claim:${couponId}`,
    storeId: null,
    at: now,
  });
  // The template row is every claim's hot row: its stock is taken last, so its lock is held only
  // for the Idempotency-Key's answer and the commit.
  await takeStock(tx, template.id);
  return memberCouponView(
    {
      ...template,
      id: coupon.id,
      code,
      template_id: template.id,
      member_id: input.memberId,
      status: 'available',
      valid_from: validFrom,
      valid_until: validUntil,
      used_at: null,
      used_store_id: null,
      gifted_by: null,
    },
    now,
  );
}

function assertClaimable(template: TemplateRow, now: Date): void {
  const ended = template.valid_until !== null && readInstant(template.valid_until).getTime() < now.getTime();
  if (!Number(template.claimable) || template.status !== 'active' || ended) {
    throw new AppError('COUPON_NOT_CLAIMABLE', 'This coupon cannot be claimed now.', {
      templateId: template.id,
      status: template.status,
      claimable: Boolean(Number(template.claimable)),
    });
  }
}

/**
 * The member's count for this template goes up by one only below the limit. The UPDATE comes
 * first: a member's later claims never take the insert path, whose duplicate-key waits are what
 * deadlock under a burst of one member's claims (the loser is retried whole and then updates).
 */
export async function takeMemberSlot(tx: Tx, templateId: string, memberId: string, limit: number): Promise<void> {
  const bump = () =>
    execute(
      tx,
      'UPDATE coupon_member_counts SET claimed = claimed + 1 WHERE member_id = ? AND template_id = ? AND claimed < ?',
      [memberId, templateId, limit],
    );
  if ((await bump()) === 1) return;
  try {
    await execute(tx, 'INSERT INTO coupon_member_counts (member_id, template_id, claimed) VALUES (?, ?, 1)', [
      memberId,
      templateId,
    ]);
    return;
  } catch (error) {
    // Another claim of this member inserted it first (this insert waited for it to commit).
    if (!isUniqueViolation(error)) throw error;
  }
  if ((await bump()) === 1) return;
  throw new AppError('COUPON_LIMIT_REACHED', 'This member already holds as many of this coupon as allowed.', {
    templateId,
    perMemberLimit: limit,
  });
}

async function takeStock(tx: Tx, templateId: string): Promise<void> {
  const taken = await execute(
    tx,
    `UPDATE coupon_templates SET issued = issued + 1
      WHERE id = ? AND status = 'active' AND (stock IS NULL OR issued + 1 <= stock)`,
    [templateId],
  );
  if (taken !== 1) throw new AppError('COUPON_OUT_OF_STOCK', 'This coupon has run out.', { templateId });
}

export async function insertCoupon(
  tx: Tx,
  coupon: {
    id: string;
    templateId: string;
    memberId: string;
    source: 'claim' | 'issue';
    validFrom: Date;
    validUntil: Date;
    now: Date;
  },
): Promise<string> {
  const code = newCouponCode();
  await execute(
    tx,
    `INSERT INTO coupons (id, code, template_id, member_id, status, source, issue_id, valid_from, valid_until, created_at,
       used_at, used_store_id, used_checkout_id, discount_fen)
     VALUES (?, ?, ?, ?, 'available', ?, NULL, ?, ?, ?, NULL, NULL, NULL, NULL)`,
    [
      coupon.id,
      code,
      coupon.templateId,
      coupon.memberId,
      coupon.source,
      coupon.validFrom,
      coupon.validUntil,
      coupon.now,
    ],
  );
  return code;
}

export async function readMemberCoupon(db: Tx, couponId: string, now: Date): Promise<MemberCoupon> {
  const [row] = await select<MemberCouponRow>(
    db,
    `SELECT ${MEMBER_COUPON_COLUMNS} FROM coupons c JOIN coupon_templates t ON t.id = c.template_id WHERE c.id = ?`,
    [couponId],
  );
  if (!row) throw new AppError('COUPON_NOT_FOUND', 'There is no such coupon.', { couponId });
  return memberCouponView(row, now);
}
