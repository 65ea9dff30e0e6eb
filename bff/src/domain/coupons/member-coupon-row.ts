import type { MemberCoupon } from '@tongka/shared-types';
import { readInstant } from '../../db/tx';
import type { TemplateRow } from './coupon-template-row';
import { storeIdsOf } from './coupon-template-row';

/** A coupon joined with its template's terms (the columns MEMBER_COUPON_COLUMNS selects). */
export interface MemberCouponRow {
  id: string;
  code: string;
  template_id: string;
  member_id: string;
  status: 'available' | 'used' | 'expired';
  valid_from: Date | string;
  valid_until: Date | string;
  used_at: Date | string | null;
  used_store_id: string | null;
  name: string;
  type: TemplateRow['type'];
  threshold_fen: number | string;
  value_fen: number | string | null;
  percent_off: number | string | null;
  max_discount_fen: number | string | null;
  store_ids: string | null;
  stackable: number | boolean;
  funded_by: string;
  giftable: number | boolean;
  gifted_by: string | null;
}

export const MEMBER_COUPON_COLUMNS = `c.id, c.code, c.template_id, c.member_id, c.status, c.valid_from, c.valid_until,
  c.used_at, c.used_store_id, c.gifted_by, t.name, t.type, t.threshold_fen, t.value_fen, t.percent_off,
  t.max_discount_fen, t.store_ids, t.stackable, t.funded_by, t.giftable`;

/** A coupon ending within this many days is flagged `expiringSoon`. */
export const EXPIRING_SOON_MS = 3 * 24 * 3600 * 1000;

export function memberCouponView(row: MemberCouponRow, now: Date): MemberCoupon {
  const validUntil = readInstant(row.valid_until);
  const lapsed = row.status === 'available' && validUntil.getTime() < now.getTime();
  const status = lapsed ? 'expired' : row.status;
  const view: MemberCoupon = {
    id: row.id,
    code: row.code,
    templateId: row.template_id,
    name: row.name,
    type: row.type,
    thresholdFen: Number(row.threshold_fen),
    validFrom: readInstant(row.valid_from).toISOString(),
    validUntil: validUntil.toISOString(),
    stackable: Boolean(Number(row.stackable)),
    status,
    expiringSoon: status === 'available' && validUntil.getTime() - now.getTime() <= EXPIRING_SOON_MS,
    usedAt: row.used_at === null ? null : readInstant(row.used_at).toISOString(),
    usedStoreId: row.used_store_id,
    giftable: status === 'available' && Boolean(Number(row.giftable)) && row.gifted_by === null,
    receivedAsGift: row.gifted_by !== null,
  };
  if (row.value_fen !== null) view.valueFen = Number(row.value_fen);
  if (row.percent_off !== null) view.percentOff = Number(row.percent_off);
  if (row.max_discount_fen !== null) view.maxDiscountFen = Number(row.max_discount_fen);
  const storeIds = storeIdsOf(row.store_ids);
  if (storeIds) view.storeIds = storeIds;
  return view;
}
