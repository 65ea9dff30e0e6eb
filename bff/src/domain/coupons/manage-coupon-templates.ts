import type { CouponTemplate, CouponTemplateRequest } from '@tongka/shared-types';
import { execute, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { lockClause } from '../checkout/member-snapshot';
import { HQ_PARTY } from '../settlement/record-settlement-lines';
import { AppError } from '../shared/app-error';
import { ulid } from '../shared/ulid';
import { readTemplate, type TemplateRow, templateView } from './coupon-template-row';

/** POST /api/admin/coupon-templates: unknown stores (scope or funding) are refused, nothing written. */
export async function createCouponTemplate(
  tx: Tx,
  input: { body: CouponTemplateRequest; adminId: string; now: Date },
): Promise<CouponTemplate> {
  const { body, now } = input;
  const fundedBy = body.fundedBy ?? HQ_PARTY;
  await assertStores(tx, [...(body.storeIds ?? []), ...(fundedBy === HQ_PARTY ? [] : [fundedBy])]);
  const id = ulid();
  await execute(
    tx,
    `INSERT INTO coupon_templates (id, name, type, threshold_fen, value_fen, percent_off, max_discount_fen, valid_from,
       valid_until, valid_days, store_ids, stock, issued, per_member_limit, claimable, stackable, funded_by, giftable,
       status, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, 'active', ?, ?, ?)`,
    [
      id,
      body.name,
      body.type,
      body.thresholdFen,
      body.valueFen ?? null,
      body.percentOff ?? null,
      body.maxDiscountFen ?? null,
      body.validFrom ? new Date(body.validFrom) : null,
      body.validUntil ? new Date(body.validUntil) : null,
      body.validDays ?? null,
      body.storeIds ? JSON.stringify([...new Set(body.storeIds)]) : null,
      body.stock ?? null,
      body.perMemberLimit ?? null,
      body.claimable,
      body.stackable ?? false,
      fundedBy,
      body.giftable ?? true,
      input.adminId,
      now,
      now,
    ],
  );
  const created = templateView(await readTemplate(tx, id));
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'coupon-template.create',
    targetType: 'coupon-template',
    targetId: id,
    before: null,
    after: created,
    at: now,
  });
  return created;
}

/**
 * PUT /api/admin/coupon-templates/:id: pause, resume or end; change the stock; allow or stop gifts.
 * The template row is locked so a claim in flight is counted before the new stock is compared
 * with it (and a gift in flight, which reads the flag under the same lock, decides before).
 */
export async function updateCouponTemplate(
  tx: Tx,
  input: {
    templateId: string;
    status?: TemplateRow['status'];
    stock?: number;
    giftable?: boolean;
    adminId: string;
    now: Date;
  },
): Promise<CouponTemplate> {
  const before = await readTemplate(tx, input.templateId, lockClause(tx));
  if (before.status === 'ended' && input.status && input.status !== 'ended') {
    throw new AppError('COUPON_NOT_CLAIMABLE', 'An ended coupon template cannot be started again.');
  }
  if (input.stock !== undefined && input.stock < Number(before.issued)) {
    throw new AppError('STOCK_BELOW_ISSUED', 'The stock may not be below the coupons already given out.', {
      issued: Number(before.issued),
      stock: input.stock,
    });
  }
  await execute(tx, 'UPDATE coupon_templates SET status = ?, stock = ?, giftable = ?, updated_at = ? WHERE id = ?', [
    input.status ?? before.status,
    input.stock ?? before.stock,
    input.giftable ?? Boolean(Number(before.giftable)),
    input.now,
    input.templateId,
  ]);
  const after = templateView(await readTemplate(tx, input.templateId));
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'coupon-template.update',
    targetType: 'coupon-template',
    targetId: input.templateId,
    before: templateView(before),
    after,
    at: input.now,
  });
  return after;
}

export async function listCouponTemplates(db: Tx): Promise<{ items: CouponTemplate[]; nextCursor: null }> {
  const rows = await select<TemplateRow>(db, 'SELECT * FROM coupon_templates ORDER BY id DESC LIMIT 100');
  return { items: rows.map(templateView), nextCursor: null };
}

async function assertStores(tx: Tx, storeIds: string[]): Promise<void> {
  const wanted = [...new Set(storeIds)];
  if (wanted.length === 0) return;
  const found = await select<{ id: string }>(
    tx,
    `SELECT id FROM stores WHERE id IN (${wanted.map(() => '?').join(', ')})`,
    wanted,
  );
  const known = new Set(found.map((row) => row.id));
  const missing = wanted.filter((id) => !known.has(id));
  if (missing.length > 0) throw new AppError('STORE_NOT_FOUND', 'No such store.', { storeIds: missing });
}
