import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import type { MergeContext } from './merge-hooks';

/**
 * Helpers for merge hooks whose rows are keyed by (member_id, key): what each merge did is kept in
 * `merge_row_moves` (table, key, amount), so the undo puts back exactly that. Table and column
 * names come from code, never from input.
 */

/** Rows that follow the member (one-off grants, birthdays, check-ins); `key` null: one row per member. */
export interface KeyedRows {
  table: string;
  key: string | null;
}

/** Counters summed on the survivor (per-member claim counts, daily gift totals). */
export interface CounterRows {
  table: string;
  key: string;
  count: string;
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const keyExpr = (spec: KeyedRows) => spec.key ?? "''";

async function keysOf(tx: Tx, spec: KeyedRows, memberId: string): Promise<string[]> {
  const rows = await select<{ k: string }>(
    tx,
    `SELECT ${keyExpr(spec)} AS k FROM ${spec.table} WHERE member_id = ? ORDER BY k`,
    [memberId],
  );
  return rows.map((row) => String(row.k));
}

async function record(tx: Tx, mergeId: string, table: string, moves: Array<[string, number | null]>): Promise<void> {
  if (moves.length === 0) return;
  await execute(
    tx,
    `INSERT INTO merge_row_moves (merge_id, table_name, row_key, amount) VALUES ${moves.map(() => '(?, ?, ?, ?)').join(', ')}`,
    moves.flatMap(([rowKey, amount]) => [mergeId, table, rowKey, amount]),
  );
}

async function recorded(tx: Tx, mergeId: string, table: string): Promise<Array<{ row_key: string; amount: unknown }>> {
  return select(
    tx,
    'SELECT row_key, amount FROM merge_row_moves WHERE merge_id = ? AND table_name = ? ORDER BY row_key',
    [mergeId, table],
  );
}

/**
 * The absorbed member's rows move to the survivor, except those whose key the survivor already
 * holds (its own grant of that year stays the one on record; the absorbed one stays put).
 */
export async function moveKeyedRows(tx: Tx, merge: MergeContext, spec: KeyedRows): Promise<void> {
  const held = new Set(await keysOf(tx, spec, merge.toMemberId));
  const moving = (await keysOf(tx, spec, merge.fromMemberId)).filter((k) => !held.has(k));
  if (moving.length === 0) return;
  await execute(
    tx,
    `UPDATE ${spec.table} SET member_id = ? WHERE member_id = ? AND ${keyExpr(spec)} IN (${marks(moving.length)})`,
    [merge.toMemberId, merge.fromMemberId, ...moving],
  );
  await record(
    tx,
    merge.mergeId,
    spec.table,
    moving.map((k) => [k, null]),
  );
}

export async function undoKeyedRows(tx: Tx, merge: MergeContext, spec: KeyedRows): Promise<void> {
  const moved = (await recorded(tx, merge.mergeId, spec.table)).map((row) => row.row_key);
  if (moved.length === 0) return;
  await execute(
    tx,
    `UPDATE ${spec.table} SET member_id = ? WHERE member_id = ? AND ${keyExpr(spec)} IN (${marks(moved.length)})`,
    [merge.fromMemberId, merge.toMemberId, ...moved],
  );
  await forget(tx, merge.mergeId, spec.table);
}

/**
 * The absorbed member's counts are added to the survivor's (a merged person who claimed one
 * coupon on each card has claimed two) and set to zero on the absorbed row.
 */
export async function addCounters(tx: Tx, merge: MergeContext, spec: CounterRows): Promise<void> {
  const rows = await select<{ k: string; n: number | string }>(
    tx,
    `SELECT ${spec.key} AS k, ${spec.count} AS n FROM ${spec.table} WHERE member_id = ? AND ${spec.count} > 0 ORDER BY k`,
    [merge.fromMemberId],
  );
  for (const row of rows) {
    await addTo(tx, spec, merge.toMemberId, String(row.k), Number(row.n));
    await execute(tx, `UPDATE ${spec.table} SET ${spec.count} = 0 WHERE member_id = ? AND ${spec.key} = ?`, [
      merge.fromMemberId,
      row.k,
    ]);
  }
  await record(
    tx,
    merge.mergeId,
    spec.table,
    rows.map((row) => [String(row.k), Number(row.n)]),
  );
}

/** The survivor gives back what the merge added (never below zero), the absorbed row gets it again. */
export async function undoCounters(tx: Tx, merge: MergeContext, spec: CounterRows): Promise<void> {
  for (const row of await recorded(tx, merge.mergeId, spec.table)) {
    const amount = Number(row.amount);
    await execute(
      tx,
      `UPDATE ${spec.table} SET ${spec.count} = CASE WHEN ${spec.count} >= ? THEN ${spec.count} - ? ELSE 0 END
        WHERE member_id = ? AND ${spec.key} = ?`,
      [amount, amount, merge.toMemberId, row.row_key],
    );
    await addTo(tx, spec, merge.fromMemberId, row.row_key, amount);
  }
  await forget(tx, merge.mergeId, spec.table);
}

async function addTo(tx: Tx, spec: CounterRows, memberId: string, rowKey: string, amount: number): Promise<void> {
  const bump = () =>
    execute(tx, `UPDATE ${spec.table} SET ${spec.count} = ${spec.count} + ? WHERE member_id = ? AND ${spec.key} = ?`, [
      amount,
      memberId,
      rowKey,
    ]);
  if ((await bump()) === 1) return;
  try {
    await execute(tx, `INSERT INTO ${spec.table} (member_id, ${spec.key}, ${spec.count}) VALUES (?, ?, ?)`, [
      memberId,
      rowKey,
      amount,
    ]);
  } catch (error) {
    // A claim of this member inserted the row meanwhile (this insert waited for it).
    if (!isUniqueViolation(error)) throw error;
    await bump();
  }
}

async function forget(tx: Tx, mergeId: string, table: string): Promise<void> {
  await execute(tx, 'DELETE FROM merge_row_moves WHERE merge_id = ? AND table_name = ?', [mergeId, table]);
}
