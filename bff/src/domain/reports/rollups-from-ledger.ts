import { readInstant, select, streamRows, type Tx } from '../../db/tx';
import { dayBit } from '../ledger/member-activity';
import { ACTIVE_KINDS, flowOf } from '../ledger/report-rollups';
import { localDate } from '../shared/chain-time';
import { periodBounds } from './coupon-report';
import type { ReportPeriod } from './report-period';

const NO_STORE = '-';

/** The report_daily_* rows of a period, recomputed from the rows the ledger, checkouts and settlement keep. */
export interface RebuiltRollups {
  flows: Map<string, [string, string, string, string, string, number, number]>;
  lots: Map<string, [string, string, string, number]>;
  /** store_key|member_id|year → the 12 month masks. */
  memberYears: Map<string, { storeKey: string; memberId: string; year: number; masks: number[] }>;
  sales: Array<[string, string, number, number, number]>;
  settlement: Map<string, [string, string, string, number, number, number, number]>;
}

function add<K extends unknown[]>(map: Map<string, K>, key: unknown[], init: () => K, at: number[], values: number[]) {
  const id = key.join('|');
  const row = map.get(id) ?? map.set(id, init()).get(id)!;
  at.forEach((index, i) => {
    (row[index] as number) += values[i];
  });
}

/**
 * Reads one period's worth of the source rows (transfers, lots and the portions taken from them,
 * checkouts, settlement lines) and sums them the way the ledger's rollup notes do
 * (report-rollups.ts): a transfer on its day, store, asset, kind and flow; lots held change on the
 * lot's day (+) and on the consuming transfer's day (−); members active on the day of an active
 * kind. A voided pending transfer counts nowhere (live, its void takes it back on the void's day).
 */
export async function rollupsFromLedger(db: Tx, period: ReportPeriod, zone: string): Promise<RebuiltRollups> {
  const [start, end] = periodBounds(period, zone);
  const day = (at: unknown) => localDate(readInstant(at), zone);
  const out: RebuiltRollups = {
    flows: new Map(),
    lots: new Map(),
    memberYears: new Map(),
    sales: [],
    settlement: new Map(),
  };
  for await (const t of streamRows<TransferRow>(
    db,
    `SELECT t.created_at, t.store_id, t.asset, t.kind, t.amount, t.status, f.owner_type AS from_type, f.owner_id AS from_owner,
            d.owner_type AS to_type, d.owner_id AS to_owner
       FROM ledger_transfers t JOIN ledger_accounts f ON f.id = t.from_account_id JOIN ledger_accounts d ON d.id = t.to_account_id
      WHERE t.created_at >= ? AND t.created_at < ?`,
    [start, end],
  )) {
    addTransfer(out, t, day(t.created_at));
  }
  for await (const lot of streamRows<{
    earned_at: unknown;
    issuing_store_id: string | null;
    asset: string;
    amount: string | number;
  }>(db, 'SELECT earned_at, issuing_store_id, asset, amount FROM ledger_lots WHERE earned_at >= ? AND earned_at < ?', [
    start,
    end,
  ])) {
    addLot(out, day(lot.earned_at), lot.issuing_store_id, lot.asset, Number(lot.amount));
  }
  for await (const p of streamRows<{
    created_at: unknown;
    issuing_store_id: string | null;
    asset: string;
    amount: string | number;
  }>(
    db,
    `SELECT t.created_at, l.issuing_store_id, l.asset, p.amount FROM ledger_lot_portions p
       JOIN ledger_transfers t ON t.id = p.transfer_id JOIN ledger_lots l ON l.id = p.lot_id
      WHERE t.created_at >= ? AND t.created_at < ?`,
    [start, end],
  )) {
    addLot(out, day(p.created_at), p.issuing_store_id, p.asset, -Number(p.amount));
  }
  out.sales = await salesOf(db, period);
  for await (const line of streamRows<SettlementRow>(
    db,
    `SELECT created_at, from_store_id, to_store_id, points, points_value_fen, stored_value_fen, coupon_value_fen
       FROM settlement_lines WHERE created_at >= ? AND created_at < ?`,
    [start, end],
  )) {
    const key = [day(line.created_at), line.from_store_id, line.to_store_id];
    add(
      out.settlement,
      key,
      () => [key[0], key[1], key[2], 0, 0, 0, 0],
      [3, 4, 5, 6],
      [
        Number(line.points),
        Number(line.points_value_fen),
        Number(line.stored_value_fen),
        Number(line.coupon_value_fen),
      ],
    );
  }
  return out;
}

function addLot(out: RebuiltRollups, date: string, issuer: string | null, asset: string, delta: number): void {
  const key = [date, issuer ?? NO_STORE, asset];
  add(out.lots, key, () => [key[0], key[1], key[2], 0], [3], [delta]);
}

interface TransferRow {
  created_at: unknown;
  store_id: string | null;
  asset: string;
  kind: string;
  amount: string | number;
  status: string;
  from_type: string;
  from_owner: string;
  to_type: string;
  to_owner: string;
}

interface SettlementRow {
  created_at: unknown;
  from_store_id: string;
  to_store_id: string;
  points: string | number;
  points_value_fen: string | number;
  stored_value_fen: string | number;
  coupon_value_fen: string | number;
}

function addTransfer(out: RebuiltRollups, t: TransferRow, date: string): void {
  const flow = flowOf(t.from_type === 'member', t.to_type === 'member');
  const storeKey = t.store_id ?? NO_STORE;
  if (t.status !== 'voided') {
    const key = [date, storeKey, t.asset, t.kind, flow];
    add(out.flows, key, () => [date, storeKey, t.asset, t.kind, flow, 0, 0], [5, 6], [Number(t.amount), 1]);
  }
  // Activity is marked when the transfer is written, and a later void does not unmark it.
  if (flow === 'move' || !ACTIVE_KINDS.has(t.kind) || Number(t.amount) <= 0) return;
  const memberId = flow === 'in' ? t.to_owner : t.from_owner;
  const { year, column, bit } = dayBit(date);
  const month = Number(column.slice(1)) - 1;
  for (const key of storeKey === '*' ? ['*'] : [storeKey, '*']) {
    const id = `${key}|${memberId}|${year}`;
    const entry = out.memberYears.get(id) ?? { storeKey: key, memberId, year, masks: Array(12).fill(0) };
    entry.masks[month] |= bit;
    out.memberYears.set(id, entry);
  }
}

/** Sales as the checkout and refund hooks sum them: a refund counts against its sale's day. */
async function salesOf(db: Tx, period: ReportPeriod): Promise<RebuiltRollups['sales']> {
  const rows = await select<{
    local_date: string;
    store_id: string;
    own: string | number;
    visiting: string | number;
    n: string | number;
  }>(
    db,
    `SELECT local_date, store_id,
            SUM(CASE WHEN member_home_store_id = store_id THEN amount_fen ELSE 0 END)
              - SUM(CASE WHEN COALESCE(member_home_store_id, store_id) = store_id THEN refunded_fen ELSE 0 END) AS own,
            SUM(CASE WHEN member_home_store_id = store_id THEN 0 ELSE amount_fen END)
              - SUM(CASE WHEN COALESCE(member_home_store_id, store_id) = store_id THEN 0 ELSE refunded_fen END) AS visiting,
            COUNT(*) AS n
       FROM checkouts WHERE local_date >= ? AND local_date <= ? GROUP BY local_date, store_id`,
    [period.from, period.to],
  );
  return rows.map((r) => [r.local_date, r.store_id, Number(r.own), Number(r.visiting), Number(r.n)]);
}
