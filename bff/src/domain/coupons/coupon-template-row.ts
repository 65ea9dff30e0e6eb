import type { CouponTemplate, CouponType } from '@tongka/shared-types';
import { readInstant, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';

/** A coupon_templates row as the database answers it (numbers may come back as strings). */
export interface TemplateRow {
  id: string;
  name: string;
  type: CouponType;
  threshold_fen: number | string;
  value_fen: number | string | null;
  percent_off: number | string | null;
  max_discount_fen: number | string | null;
  valid_from: Date | string | null;
  valid_until: Date | string | null;
  valid_days: number | string | null;
  store_ids: string | null;
  stock: number | string | null;
  issued: number | string;
  per_member_limit: number | string | null;
  claimable: number | boolean;
  stackable: number | boolean;
  funded_by: string;
  giftable: number | boolean;
  status: 'active' | 'paused' | 'ended';
}

const num = (value: number | string | null): number | undefined => (value === null ? undefined : Number(value));
const iso = (value: Date | string | null): string | undefined =>
  value === null ? undefined : readInstant(value).toISOString();

export function storeIdsOf(value: string | null): string[] | undefined {
  return value ? (JSON.parse(value) as string[]) : undefined;
}

/** The template as HQ sees it (API.md fields; absent optional values are left out). */
export function templateView(row: TemplateRow): CouponTemplate {
  const view: CouponTemplate = {
    id: row.id,
    name: row.name,
    type: row.type,
    thresholdFen: Number(row.threshold_fen),
    valueFen: num(row.value_fen),
    percentOff: num(row.percent_off),
    maxDiscountFen: num(row.max_discount_fen),
    validFrom: iso(row.valid_from),
    validUntil: iso(row.valid_until),
    validDays: num(row.valid_days),
    storeIds: storeIdsOf(row.store_ids),
    stock: num(row.stock),
    issued: Number(row.issued),
    perMemberLimit: num(row.per_member_limit),
    claimable: Boolean(Number(row.claimable)),
    stackable: Boolean(Number(row.stackable)),
    fundedBy: row.funded_by,
    giftable: Boolean(Number(row.giftable)),
    status: row.status,
  };
  for (const key of Object.keys(view) as Array<keyof CouponTemplate>) if (view[key] === undefined) delete view[key];
  return view;
}

export async function readTemplate(db: Tx, templateId: string, lock = ''): Promise<TemplateRow> {
  const [row] = await select<TemplateRow>(db, `SELECT * FROM coupon_templates WHERE id = ?${lock}`, [templateId]);
  if (!row) throw new AppError('COUPON_TEMPLATE_NOT_FOUND', 'There is no such coupon template.', { templateId });
  return row;
}
