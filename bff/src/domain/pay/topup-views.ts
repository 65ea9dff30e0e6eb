import type { TopupOptionsResponse, TopupResponse } from '@tongka/shared-types';
import { readInstant, select, type Tx } from '../../db/tx';
import { ruleInForce } from '../rules/rule-store';
import { AppError } from '../shared/app-error';
import { latestRefundOf } from './pay-refunds';
import { bonusFor } from './topup-bonus';
import { survivorOf, TOPUP_KIND } from './topups';

/** What the top-up page offers: HQ's limits, the preset amounts with their bonus, the stores. */
export async function topupOptions(db: Tx, memberId: string): Promise<TopupOptionsResponse> {
  const { rule } = await ruleInForce(db, 'topup');
  const stores = await select<{ id: string; name: string }>(db, 'SELECT id, name FROM stores ORDER BY name, id', []);
  const [member] = await select<{ home_store_id: string | null }>(
    db,
    'SELECT home_store_id FROM members WHERE id = ?',
    [memberId],
  );
  return {
    minFen: rule.minFen,
    maxFen: rule.maxFen,
    presets: rule.presetsFen.map((amountFen) => ({ amountFen, bonusFen: bonusFor(rule, amountFen) })),
    bonuses: [...rule.bonuses].sort((a, b) => a.thresholdFen - b.thresholdFen),
    stores,
    homeStoreId: member?.home_store_id ?? null,
  };
}

interface TopupRow {
  id: string;
  out_trade_no: string;
  status: TopupResponse['status'];
  member_id: string;
  amount_fen: string | number;
  bonus_fen: string | number;
  issuer_store_id: string | null;
  store_name: string | null;
  created_at: unknown;
  paid_at: unknown;
}

/** HQ's list: newest first (ids are ULIDs), by member and status, paged by the last id. */
export async function listTopups(
  db: Tx,
  query: { memberId?: string; status?: TopupResponse['status']; limit: number; cursor?: string },
): Promise<{ items: TopupResponse[]; nextCursor: string | null }> {
  const filters: Array<[string, unknown]> = [['o.kind = ?', TOPUP_KIND]];
  if (query.memberId) filters.push(['o.member_id = ?', query.memberId]);
  if (query.status) filters.push(['o.status = ?', query.status]);
  if (query.cursor) filters.push(['o.id < ?', query.cursor]);
  const where = filters.map(([clause]) => clause);
  const params = filters.map(([, value]) => value);
  const rows = await select<{ id: string }>(
    db,
    `SELECT o.id FROM pay_orders o WHERE ${where.join(' AND ')} ORDER BY o.id DESC LIMIT ?`,
    [...params, query.limit + 1],
  );
  const page = rows.slice(0, query.limit);
  const items: TopupResponse[] = [];
  for (const row of page) items.push(await getTopup(db, row.id));
  return { items, nextCursor: rows.length > query.limit ? page[page.length - 1].id : null };
}

/** One top-up: the member's own (memberId given) or any (HQ). */
export async function getTopup(db: Tx, topupId: string, memberId?: string): Promise<TopupResponse> {
  const [row] = await select<TopupRow>(
    db,
    `SELECT o.id, o.out_trade_no, o.status, o.member_id, o.amount_fen, t.bonus_fen, t.issuer_store_id, s.name AS store_name,
            o.created_at, o.paid_at
       FROM pay_orders o JOIN topups t ON t.order_id = o.id LEFT JOIN stores s ON s.id = t.issuer_store_id
      WHERE o.id = ? AND o.kind = ?`,
    [topupId, TOPUP_KIND],
  );
  // A member merged since ordering still sees the order they placed (it credits them, the survivor).
  const mine = memberId === undefined || (row && (await survivorOf(db, row.member_id)) === memberId);
  if (!row || !mine) throw new AppError('TOPUP_NOT_FOUND', 'There is no such top-up.', { topupId });
  const refund = await latestRefundOf(db, row.id);
  return {
    topupId: row.id,
    outTradeNo: row.out_trade_no,
    status: row.status,
    amountFen: Number(row.amount_fen),
    bonusFen: Number(row.bonus_fen),
    storeId: row.issuer_store_id,
    storeName: row.store_name,
    createdAt: readInstant(row.created_at).toISOString(),
    paidAt: row.paid_at === null ? null : readInstant(row.paid_at).toISOString(),
    refund: refund
      ? {
          refundId: refund.id,
          status: refund.status,
          refundFen: refund.refundFen,
          bonusForfeitedFen: refund.bonusForfeitFen,
        }
      : null,
  };
}
