import type { SettlementRow } from '@tongka/shared-types';
import { select, streamRows, type Tx } from '../../db/tx';

interface PairSum {
  from_store_id: string;
  to_store_id: string;
  points: number | string;
  points_value_fen: number | string;
  stored_value_fen: number | string;
  coupon_value_fen: number | string;
}

/**
 * Nets settlement lines per store pair over [from, to): lines A→B and B→A cancel, and the row
 * is oriented so that netFen ≥ 0 (fromStoreId owes toStoreId netFen). Pairs that net to zero in
 * every column are left out.
 */
export async function settlementStatement(db: Tx, from: Date, to: Date): Promise<SettlementRow[]> {
  const sums = await select<PairSum>(
    db,
    `SELECT from_store_id, to_store_id, SUM(points) AS points, SUM(points_value_fen) AS points_value_fen,
            SUM(stored_value_fen) AS stored_value_fen, SUM(coupon_value_fen) AS coupon_value_fen
       FROM settlement_lines WHERE created_at >= ? AND created_at < ?
      GROUP BY from_store_id, to_store_id`,
    [from, to],
  );
  return netPairs(
    sums.map((row) => ({
      fromStoreId: row.from_store_id,
      toStoreId: row.to_store_id,
      points: Number(row.points),
      pointsValueFen: Number(row.points_value_fen),
      storedValueFen: Number(row.stored_value_fen),
      couponValueFen: Number(row.coupon_value_fen),
      netFen: Number(row.points_value_fen) + Number(row.stored_value_fen) + Number(row.coupon_value_fen),
    })),
  );
}

/**
 * The same statement over chain-time days [from, to] (both included), from the daily settlement
 * rollup: one row per day and store pair instead of every line.
 */
export async function settlementStatementForDays(db: Tx, from: string, to: string): Promise<SettlementRow[]> {
  const sums = await select<PairSum>(
    db,
    `SELECT from_store_id, to_store_id, SUM(points) AS points, SUM(points_value_fen) AS points_value_fen,
            SUM(stored_value_fen) AS stored_value_fen, SUM(coupon_value_fen) AS coupon_value_fen
       FROM report_daily_settlement WHERE local_date >= ? AND local_date <= ?
      GROUP BY from_store_id, to_store_id`,
    [from, to],
  );
  return netPairs(
    sums.map((row) => ({
      fromStoreId: row.from_store_id,
      toStoreId: row.to_store_id,
      points: Number(row.points),
      pointsValueFen: Number(row.points_value_fen),
      storedValueFen: Number(row.stored_value_fen),
      couponValueFen: Number(row.coupon_value_fen),
      netFen: Number(row.points_value_fen) + Number(row.stored_value_fen) + Number(row.coupon_value_fen),
    })),
  );
}

/** Pure netting of directed pair sums (spec beside). */
export function netPairs(directed: readonly SettlementRow[]): SettlementRow[] {
  const pairs = new Map<string, SettlementRow>();
  for (const row of directed) {
    const [a, b] =
      row.fromStoreId < row.toStoreId ? [row.fromStoreId, row.toStoreId] : [row.toStoreId, row.fromStoreId];
    const sign = row.fromStoreId === a ? 1 : -1;
    const key = `${a}\u0000${b}`;
    const acc = pairs.get(key) ?? {
      fromStoreId: a,
      toStoreId: b,
      points: 0,
      pointsValueFen: 0,
      storedValueFen: 0,
      couponValueFen: 0,
      netFen: 0,
    };
    acc.points += sign * row.points;
    acc.pointsValueFen += sign * row.pointsValueFen;
    acc.storedValueFen += sign * row.storedValueFen;
    acc.couponValueFen += sign * row.couponValueFen;
    acc.netFen += sign * row.netFen;
    pairs.set(key, acc);
  }
  return [...pairs.values()]
    .filter(
      (row) => row.points !== 0 || row.pointsValueFen !== 0 || row.storedValueFen !== 0 || row.couponValueFen !== 0,
    )
    .map((row) =>
      row.netFen >= 0
        ? row
        : {
            fromStoreId: row.toStoreId,
            toStoreId: row.fromStoreId,
            points: 0 - row.points, // 0 - x rather than -x: never -0
            pointsValueFen: 0 - row.pointsValueFen,
            storedValueFen: 0 - row.storedValueFen,
            couponValueFen: 0 - row.couponValueFen,
            netFen: 0 - row.netFen,
          },
    )
    .sort((x, y) => (x.fromStoreId + x.toStoreId < y.fromStoreId + y.toStoreId ? -1 : 1));
}

/** One netted pair with the stores' codes and names (HQ: code 'HQ', name 总部). */
export interface NamedSettlementRow extends SettlementRow {
  fromStoreCode: string | null;
  fromStoreName: string | null;
  toStoreCode: string | null;
  toStoreName: string | null;
}

export const HQ_NAME = '总部';

interface NettedPair {
  store_a: string;
  store_b: string;
  points: number | string;
  points_value_fen: number | string;
  stored_value_fen: number | string;
  coupon_value_fen: number | string;
  a_code: string | null;
  a_name: string | null;
  b_code: string | null;
  b_name: string | null;
}

/**
 * The netting of netPairs done by the database: lines grouped per unordered pair (store_a <
 * store_b), signed from store_a's side, zero pairs left out, in pair order, with both stores'
 * codes and names. The rows leave the database one at a time (streamSettlement).
 */
const a = 'CASE WHEN from_store_id < to_store_id THEN from_store_id ELSE to_store_id END';
const b = 'CASE WHEN from_store_id < to_store_id THEN to_store_id ELSE from_store_id END';
const signed = (column: string) => `SUM(CASE WHEN from_store_id < to_store_id THEN ${column} ELSE 0 - ${column} END)`;
export const NETTED_PAIRS_SQL = `SELECT p.store_a, p.store_b, p.points, p.points_value_fen, p.stored_value_fen,
       p.coupon_value_fen, sa.code AS a_code, sa.name AS a_name, sb.code AS b_code, sb.name AS b_name
  FROM (SELECT ${a} AS store_a, ${b} AS store_b, ${signed('points')} AS points,
               ${signed('points_value_fen')} AS points_value_fen, ${signed('stored_value_fen')} AS stored_value_fen,
               ${signed('coupon_value_fen')} AS coupon_value_fen
          FROM report_daily_settlement WHERE local_date >= ? AND local_date <= ?
         GROUP BY ${a}, ${b}) p
  LEFT JOIN stores sa ON sa.id = p.store_a
  LEFT JOIN stores sb ON sb.id = p.store_b
 WHERE p.points <> 0 OR p.points_value_fen <> 0 OR p.stored_value_fen <> 0 OR p.coupon_value_fen <> 0
 ORDER BY p.store_a, p.store_b`;

/**
 * The statement over chain-time days [from, to] (from the daily settlement rollup) as it leaves
 * the database, one netted pair at a time, oriented so
 * that netFen ≥ 0 (as netPairs). Nothing is held per pair: a chain with millions of pairs streams.
 */
export async function* streamSettlement(db: Tx, from: string, to: string): AsyncGenerator<NamedSettlementRow> {
  for await (const pair of streamRows<NettedPair>(db, NETTED_PAIRS_SQL, [from, to])) {
    const points = Number(pair.points);
    const pointsValueFen = Number(pair.points_value_fen);
    const storedValueFen = Number(pair.stored_value_fen);
    const couponValueFen = Number(pair.coupon_value_fen);
    const netFen = pointsValueFen + storedValueFen + couponValueFen;
    const sideA = { id: pair.store_a, ...storeLabel(pair.store_a, pair.a_code, pair.a_name) };
    const sideB = { id: pair.store_b, ...storeLabel(pair.store_b, pair.b_code, pair.b_name) };
    const [owes, owed, sign] = netFen >= 0 ? [sideA, sideB, 1] : [sideB, sideA, -1];
    yield {
      fromStoreId: owes.id,
      toStoreId: owed.id,
      points: flip(points, sign),
      pointsValueFen: flip(pointsValueFen, sign),
      storedValueFen: flip(storedValueFen, sign),
      couponValueFen: flip(couponValueFen, sign),
      netFen: flip(netFen, sign),
      fromStoreCode: owes.code,
      fromStoreName: owes.name,
      toStoreCode: owed.code,
      toStoreName: owed.name,
    };
  }
}

/** 0 - x rather than -x: never -0. */
const flip = (value: number, sign: number) => (sign > 0 ? value : 0 - value);

function storeLabel(id: string, code: string | null, name: string | null) {
  return id === 'HQ' ? { code: 'HQ', name: HQ_NAME } : { code, name };
}

/** Integer fen as yuan with two decimals, exactly (no floating point): -1234 → "-12.34". */
export function yuanOf(fen: number | bigint | string): string {
  const value = BigInt(fen);
  const size = value < 0n ? 0n - value : value;
  return `${value < 0n ? '-' : ''}${size / 100n}.${String(size % 100n).padStart(2, '0')}`;
}

export const SETTLEMENT_CSV_HEADER = [
  'fromStoreId',
  'toStoreId',
  'points',
  'pointsValueFen',
  'storedValueFen',
  'couponValueFen',
  'netFen',
  'fromStoreCode',
  'fromStoreName',
  'toStoreCode',
  'toStoreName',
  'pointsValueYuan',
  'storedValueYuan',
  'couponValueYuan',
  'netYuan',
].join(',');

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Free text (a store's name): a leading = + - @ that a spreadsheet would run as a formula gets an apostrophe. */
export function csvText(value: string | null): string | null {
  return value !== null && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The statement as CSV for finance, line by line: a UTF-8 byte-order mark (so spreadsheet programs
 * read the Chinese names right), the header, one line per pair. The first seven columns are as
 * before; store codes, names and the yuan amounts follow.
 */
export async function* settlementCsvLines(rows: AsyncIterable<NamedSettlementRow>): AsyncGenerator<string> {
  yield `\uFEFF${SETTLEMENT_CSV_HEADER}\n`;
  for await (const r of rows) {
    const fields = [
      r.fromStoreId,
      r.toStoreId,
      r.points,
      r.pointsValueFen,
      r.storedValueFen,
      r.couponValueFen,
      r.netFen,
      csvText(r.fromStoreCode),
      csvText(r.fromStoreName),
      csvText(r.toStoreCode),
      csvText(r.toStoreName),
      yuanOf(r.pointsValueFen),
      yuanOf(r.storedValueFen),
      yuanOf(r.couponValueFen),
      yuanOf(r.netFen),
    ];
    yield `${fields.map(csvField).join(',')}\n`;
  }
}

/** The JSON answer ({from, to, items}) piece by piece, one item per piece. */
export async function* settlementJsonChunks(
  period: { from: string; to: string },
  rows: AsyncIterable<NamedSettlementRow>,
): AsyncGenerator<string> {
  yield `{"from":${JSON.stringify(period.from)},"to":${JSON.stringify(period.to)},"items":[`;
  let first = true;
  for await (const r of rows) {
    const item: SettlementRow = {
      fromStoreId: r.fromStoreId,
      toStoreId: r.toStoreId,
      points: r.points,
      pointsValueFen: r.pointsValueFen,
      storedValueFen: r.storedValueFen,
      couponValueFen: r.couponValueFen,
      netFen: r.netFen,
    };
    yield `${first ? '' : ','}${JSON.stringify(item)}`;
    first = false;
  }
  yield ']}';
}
