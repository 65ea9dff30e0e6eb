import { readInstant, select, type Tx } from '../../db/tx';

export interface RebateRow {
  id: string;
  checkout_id: string;
  level: number;
  beneficiary_id: string;
  referee_id: string;
  store_id: string;
  asset: 'POINTS' | 'CNY' | 'COMMISSION';
  is_staff: number | boolean;
  base_fen: number;
  amount: number;
  current_amount: number;
  refunded_fen: number;
  clawed_back: number;
  debt: number;
  status: string;
  month: string;
  confirm_at: Date;
  confirmed_at: Date | null;
  created_at: Date;
}

const NUMERIC = ['level', 'base_fen', 'amount', 'current_amount', 'refunded_fen', 'clawed_back', 'debt'] as const;

/** Rows as numbers and instants whatever the driver gave back (bigint strings, SQLite text). */
export function toRebateRow(raw: Record<string, unknown>): RebateRow {
  const row = { ...raw } as Record<string, unknown>;
  for (const key of NUMERIC) row[key] = Number(row[key]);
  row.confirm_at = readInstant(row.confirm_at);
  row.created_at = readInstant(row.created_at);
  row.confirmed_at = row.confirmed_at ? readInstant(row.confirmed_at) : null;
  return row as unknown as RebateRow;
}

export async function selectRebates(tx: Tx, sql: string, params: unknown[]): Promise<RebateRow[]> {
  return (await select<Record<string, unknown>>(tx, sql, params)).map(toRebateRow);
}
