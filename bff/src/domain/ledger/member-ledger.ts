import { readInstant, select, type Tx } from '../../db/tx';
import { decodeCursor, encodeCursor, isUlid } from '../shared/cursor';
import { effectiveStatus } from './transfers';
import type { Asset, StoredTransferStatus, TransferKind, TransferStatus } from './types';

export interface MemberLedgerItem {
  id: string;
  kind: TransferKind;
  /** Signed from the member's side: + credited to them, − taken from them. */
  amount: number;
  storeId: string | null;
  /** Null for head-office and system movements (no store). */
  storeName: string | null;
  createdAt: Date;
  note: string | null;
  status: TransferStatus;
}

/**
 * A member's movements of one asset, newest first. For points this includes the debt account
 * (a clawback beyond the balance, its repayment), so the list adds up to what happened to them.
 * The cursor is the id of the last item returned (ids are ULIDs, so they sort by time).
 */
export async function listMemberLedger(
  db: Tx,
  memberId: string,
  asset: Asset,
  page: { limit: number; cursor?: string | null },
): Promise<{ items: MemberLedgerItem[]; nextCursor: string | null }> {
  const after = decodeCursor('member-ledger', page.cursor, [isUlid])?.[0];
  const accounts = await select<{ id: string }>(
    db,
    "SELECT id FROM ledger_accounts WHERE owner_type = 'member' AND owner_id = ? AND asset = ?",
    [memberId, asset],
  );
  if (accounts.length === 0) return { items: [], nextCursor: null };
  const ids = accounts.map((a) => a.id);
  const rows = await select<{
    id: string;
    kind: TransferKind;
    amount: string | number;
    from_account_id: string;
    store_id: string | null;
    store_name: string | null;
    created_at: unknown;
    note: string | null;
    status: StoredTransferStatus;
    resolution: StoredTransferStatus | null;
  }>(db, memberLedgerSql(ids.length, Boolean(after)), memberLedgerParams(ids, after, page.limit + 1));
  const items = rows.slice(0, page.limit).map((row) => ({
    id: row.id,
    kind: row.kind,
    amount: ids.includes(row.from_account_id) ? -Number(row.amount) : Number(row.amount),
    storeId: row.store_id,
    storeName: row.store_name ?? null,
    createdAt: readInstant(row.created_at),
    note: row.note,
    status: effectiveStatus(row.status, row.resolution),
  }));
  const nextCursor = rows.length > page.limit ? encodeCursor('member-ledger', [items[items.length - 1].id]) : null;
  return { items, nextCursor };
}

/**
 * The page's transfer ids come from each side's index separately ((from_account_id, id) and
 * (to_account_id, id)), each cut to the page size, so the read touches this member's transfers
 * only; an OR across both columns would make the database walk the whole table in id order.
 * UNION (not ALL): a move between two of the member's own accounts is listed once.
 */
function memberLedgerSql(accounts: number, cursor: boolean): string {
  const marks = Array.from({ length: accounts }, () => '?').join(', ');
  const side = (column: string) =>
    `SELECT id FROM (SELECT id FROM ledger_transfers WHERE ${column} IN (${marks})${cursor ? ' AND id < ?' : ''} AND pending_id IS NULL
      ORDER BY id DESC LIMIT ?) ${column === 'from_account_id' ? 'f' : 'g'}`;
  return `SELECT t.id, t.kind, t.amount, t.from_account_id, t.store_id, s.name AS store_name, t.created_at, t.note, t.status,
            r.status AS resolution
       FROM (${side('from_account_id')} UNION ${side('to_account_id')}) page
       JOIN ledger_transfers t ON t.id = page.id LEFT JOIN stores s ON s.id = t.store_id
       LEFT JOIN ledger_transfers r ON r.pending_id = t.id
      ORDER BY t.id DESC LIMIT ?`;
}

function memberLedgerParams(ids: string[], cursor: string | null | undefined, limit: number): unknown[] {
  const side = [...ids, ...(cursor ? [cursor] : []), limit];
  return [...side, ...side, limit];
}
