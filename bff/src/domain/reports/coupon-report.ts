import type { CouponReport, CouponReportItem } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';
import { addLocalDays, startOfLocalDay } from '../shared/chain-time';
import type { ReportPeriod } from './report-period';

/** The instants a period of chain-time dates covers: [start of `from`, start of the day after `to`). */
export function periodBounds(period: ReportPeriod, timeZone: string): [Date, Date] {
  return [startOfLocalDay(period.from, timeZone), startOfLocalDay(addLocalDays(period.to, 1), timeZone)];
}

type Counts = Pick<CouponReportItem, 'issued' | 'claimed' | 'redeemed' | 'expired' | 'discountFen'>;
const zero = (): Counts => ({ issued: 0, claimed: 0, redeemed: 0, expired: 0, discountFen: 0 });

/**
 * Per coupon template over a period: issued (HQ batch) and claimed on their creation day, redeemed
 * and the discount given on the use day, expired on the day validity ended (if it has, unused).
 * Three grouped reads, each one range of a covering index (ix_coupons_created_report,
 * ix_coupons_used_report, ix_coupons_until_report), so the cost follows the period's coupons, not
 * the table; templates are joined by id afterwards.
 */
export async function couponReport(db: Tx, period: ReportPeriod, timeZone: string, now: Date): Promise<CouponReport> {
  const [start, end] = periodBounds(period, timeZone);
  const byTemplate = new Map<string, Counts>();
  const at = (id: string) => byTemplate.get(id) ?? byTemplate.set(id, zero()).get(id)!;
  const given = await select<{ template_id: string; source: string; n: string | number }>(
    db,
    `SELECT template_id, source, COUNT(*) AS n FROM coupons WHERE created_at >= ? AND created_at < ? GROUP BY template_id, source`,
    [start, end],
  );
  for (const row of given) at(row.template_id)[row.source === 'claim' ? 'claimed' : 'issued'] += Number(row.n);
  const used = await select<{ template_id: string; n: string | number; fen: string | number | null }>(
    db,
    `SELECT template_id, COUNT(*) AS n, SUM(discount_fen) AS fen FROM coupons
      WHERE used_at >= ? AND used_at < ? AND status = 'used' GROUP BY template_id`,
    [start, end],
  );
  for (const row of used) {
    at(row.template_id).redeemed += Number(row.n);
    at(row.template_id).discountFen += Number(row.fen ?? 0);
  }
  const lapsed = await select<{ template_id: string; n: string | number }>(
    db,
    `SELECT template_id, COUNT(*) AS n FROM coupons
      WHERE valid_until >= ? AND valid_until < ? AND valid_until < ? AND status <> 'used' GROUP BY template_id`,
    [start, end, now],
  );
  for (const row of lapsed) at(row.template_id).expired += Number(row.n);
  const items = await withTemplates(db, byTemplate);
  return { from: period.from, to: period.to, items, funders: fundersOf(items) };
}

async function withTemplates(db: Tx, byTemplate: Map<string, Counts>): Promise<CouponReportItem[]> {
  const ids = [...byTemplate.keys()];
  if (ids.length === 0) return [];
  const templates = await select<{ id: string; name: string; type: string; funded_by: string }>(
    db,
    `SELECT id, name, type, funded_by FROM coupon_templates WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`,
    ids,
  );
  return templates.map((t) => {
    const counts = byTemplate.get(t.id) ?? zero();
    const given = counts.issued + counts.claimed;
    return {
      templateId: t.id,
      name: t.name,
      type: t.type,
      fundedBy: t.funded_by,
      ...counts,
      redemptionRate: given > 0 ? Math.min(1, counts.redeemed / given) : 0,
    };
  });
}

function fundersOf(items: CouponReportItem[]): CouponReport['funders'] {
  const byFunder = new Map<string, { fundedBy: string; redeemed: number; discountFen: number }>();
  for (const item of items) {
    const entry = byFunder.get(item.fundedBy) ?? { fundedBy: item.fundedBy, redeemed: 0, discountFen: 0 };
    entry.redeemed += item.redeemed;
    entry.discountFen += item.discountFen;
    byFunder.set(item.fundedBy, entry);
  }
  return [...byFunder.values()].sort((a, b) => (a.fundedBy < b.fundedBy ? -1 : a.fundedBy > b.fundedBy ? 1 : 0));
}
