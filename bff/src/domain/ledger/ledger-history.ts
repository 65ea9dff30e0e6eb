import { select, type Tx } from '../../db/tx';

/**
 * Ledger history is append-only (DESIGN.md "Ledger", TigerBeetle): rows are inserted, and the only
 * columns ever updated are account balances and lot remainders. A pending transfer stays as
 * written; posting or voiding it is a later row whose `pending_id` names it.
 *
 * How each stored row moves balances, as SQL over a ledger_transfers row (`status`, `amount`):
 * - posted: debit side -amount, credit side +amount;
 * - pending: debit side -amount (held), credit side pending_in +amount;
 * - post_pending (resolves a pending one): credit side pending_in -amount, balance +amount;
 * - void_pending: debit side +amount back, credit side pending_in -amount;
 * - voided (rows from before this model only): nothing.
 */
export const CREDIT_BALANCE_SQL = "CASE WHEN status IN ('posted', 'post_pending') THEN amount ELSE 0 END";
export const CREDIT_PENDING_SQL =
  "CASE WHEN status = 'pending' THEN amount WHEN status IN ('post_pending', 'void_pending') THEN -amount ELSE 0 END";
export const DEBIT_SQL =
  "CASE WHEN status IN ('posted', 'pending') THEN amount WHEN status = 'void_pending' THEN -amount ELSE 0 END";

export interface HistoryViolation {
  /** Which rule the row breaks. */
  rule: /** A pending transfer marked voided in place, or a post/void naming no pending transfer. */
    | 'status_changed_in_place'
    | 'resolution_without_pending'
    | 'resolution_differs_from_pending'
    | 'reversed_transfer_missing'
    | 'portion_without_transfer'
    | 'portion_without_lot'
    | 'lot_without_origin';
  id: string;
}

/** At most this many violations are listed per rule (one is already a failure). */
const LIMIT = 20;

/**
 * What a rewritten or deleted ledger row leaves behind: a pending transfer whose status was
 * changed in place (`voided`), a post/void that names no pending transfer or moves other accounts
 * or another amount than it, a reversal whose transfer is gone, lot portions or lots whose
 * transfer or lot is gone. (A rewritten amount shows in the balance audit.) Empty when the history
 * is intact. Each rule is one anti-join read; the audit calls this in its snapshot. With `since`
 * (the incremental audit's checkpoint watermark) only rows of transfers at or above that id are
 * read: a range of each index instead of the history.
 */
export async function historyViolations(db: Tx, since?: string): Promise<HistoryViolation[]> {
  // Each rule with the transfer id column its rows are limited to when `since` is given.
  const rules: Array<[HistoryViolation['rule'], string, string]> = [
    // One pass over the table for the two rules no index serves.
    [
      'status_changed_in_place',
      `SELECT id FROM ledger_transfers
        WHERE (status = 'voided' OR (status IN ('post_pending', 'void_pending') AND pending_id IS NULL))`,
      'id',
    ],
    // The rest start from an index: pending_id (unique), reverses_id (unique), the portions' and lots' keys.
    [
      'resolution_without_pending',
      `SELECT r.id FROM ledger_transfers r LEFT JOIN ledger_transfers p ON p.id = r.pending_id
        WHERE r.pending_id IS NOT NULL
          AND (p.id IS NULL OR p.status <> 'pending' OR r.status NOT IN ('post_pending', 'void_pending'))`,
      'r.id',
    ],
    [
      'resolution_differs_from_pending',
      `SELECT r.id FROM ledger_transfers r JOIN ledger_transfers p ON p.id = r.pending_id
        WHERE r.pending_id IS NOT NULL AND (r.from_account_id <> p.from_account_id
           OR r.to_account_id <> p.to_account_id OR r.amount <> p.amount OR r.asset <> p.asset)`,
      'r.id',
    ],
    [
      'reversed_transfer_missing',
      `SELECT r.id FROM ledger_transfers r LEFT JOIN ledger_transfers t ON t.id = r.reverses_id
        WHERE r.reverses_id IS NOT NULL AND t.id IS NULL`,
      'r.id',
    ],
    [
      'portion_without_transfer',
      `SELECT o.id FROM ledger_lot_portions o LEFT JOIN ledger_transfers t ON t.id = o.transfer_id WHERE t.id IS NULL`,
      'o.transfer_id',
    ],
    [
      'portion_without_lot',
      'SELECT o.id FROM ledger_lot_portions o LEFT JOIN ledger_lots l ON l.id = o.lot_id WHERE l.id IS NULL',
      'o.transfer_id',
    ],
    [
      'lot_without_origin',
      `SELECT l.id FROM ledger_lots l LEFT JOIN ledger_transfers t ON t.id = l.origin_transfer_id WHERE t.id IS NULL`,
      'l.origin_transfer_id',
    ],
  ];
  const found: HistoryViolation[] = [];
  for (const [rule, sql, idColumn] of rules) {
    const range = since === undefined ? '' : ` AND ${idColumn} >= ?`;
    const rows = await select<{ id: string }>(db, `${sql}${range} LIMIT ${LIMIT}`, since === undefined ? [] : [since]);
    for (const row of rows) found.push({ rule, id: row.id });
  }
  return found;
}
