import { execute, readInstant, select, type Tx } from '../../db/tx';
import { monotonicFactory } from '../shared/ulid';
import { type Account, creditBalance, debitBalance } from './accounts';
import { flowOf, noteFlows } from './report-rollups';
import type { Asset, Cause, StoredTransferStatus, TransferKind, TransferStatus } from './types';
import { assertPositiveAmount } from './types';

const nextId = monotonicFactory();

export interface TransferInput {
  idempotencyKey: string;
  from: Account;
  to: Account;
  amount: number;
  kind: TransferKind;
  pending?: boolean;
  storeId: string | null;
  cause?: Partial<Cause>;
  reversesId?: string | null;
  note?: string | null;
  /** The instant it is recorded at: the caller's clock (never the wall clock read here). */
  at: Date;
}

/** A ledger_transfers row as stored. Rows are only ever inserted. */
export interface TransferRow {
  id: string;
  idempotencyKey: string;
  fromAccountId: string;
  toAccountId: string;
  asset: Asset;
  amount: number;
  kind: TransferKind;
  status: StoredTransferStatus;
  storeId: string | null;
  causeType: string | null;
  causeId: string | null;
  reversesId: string | null;
  /** Set on the transfer that posts or voids a pending one (status post_pending | void_pending). */
  pendingId: string | null;
  note: string | null;
  at: Date;
}

export async function insertTransferRow(tx: Tx, row: TransferRow): Promise<void> {
  await execute(
    tx,
    `INSERT INTO ledger_transfers (id, idempotency_key, from_account_id, to_account_id, asset, amount, kind, status,
       store_id, cause_type, cause_id, reverses_id, pending_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.id,
      row.idempotencyKey,
      row.fromAccountId,
      row.toAccountId,
      row.asset,
      row.amount,
      row.kind,
      row.status,
      row.storeId,
      row.causeType,
      row.causeId,
      row.reversesId,
      row.pendingId,
      row.note,
      row.at,
    ],
  );
}

export function nextTransferId(): string {
  return nextId();
}

/**
 * Writes one transfer: both balance updates and the row, in the caller's transaction. Member
 * accounts are updated first so every transaction locks rows in the same order (member, then
 * store/system) and an earn and a redeem of one member at one store cannot deadlock. A pending
 * transfer takes the amount from the debit side at once (held) and parks it in `pending_in` of
 * the credit side until posted or voided.
 */
export async function writeTransfer(tx: Tx, input: TransferInput): Promise<string> {
  assertPositiveAmount(input.amount, 'amount');
  if (input.from.asset !== input.to.asset) throw new Error('a transfer moves one asset');
  const id = nextId();
  const at = input.at;
  const debit = () => debitBalance(tx, input.from, input.amount);
  const credit = () => creditBalance(tx, input.to, input.amount, input.pending === true);
  if (input.to.ownerType === 'member' && input.from.ownerType !== 'member') {
    await credit();
    await debit();
  } else {
    await debit();
    await credit();
  }
  await insertTransferRow(tx, {
    id,
    idempotencyKey: input.idempotencyKey,
    fromAccountId: input.from.id,
    toAccountId: input.to.id,
    asset: input.from.asset,
    amount: input.amount,
    kind: input.kind,
    status: input.pending ? 'pending' : 'posted',
    storeId: input.storeId,
    causeType: input.cause?.causeType ?? null,
    causeId: input.cause?.causeId ?? null,
    reversesId: input.reversesId ?? null,
    pendingId: null,
    note: input.note ?? null,
    at,
  });
  const flow = flowOf(input.from.ownerType === 'member', input.to.ownerType === 'member');
  const memberId = flow === 'in' ? input.to.ownerId : flow === 'out' ? input.from.ownerId : undefined;
  await noteFlows(tx, [
    {
      at,
      storeId: input.storeId,
      asset: input.from.asset,
      kind: input.kind,
      flow,
      amount: input.amount,
      transfers: 1,
      memberId,
    },
  ]);
  return id;
}

export interface TransferRecord {
  id: string;
  idempotencyKey: string;
  fromAccountId: string;
  toAccountId: string;
  asset: Asset;
  amount: number;
  kind: TransferKind;
  /** A pending transfer reads as posted or voided once a later transfer resolved it. */
  status: TransferStatus;
  storeId: string | null;
  reversesId: string | null;
  /** Set when this transfer is itself the post or void of a pending one. */
  pendingId: string | null;
  createdAt: Date;
}

interface StoredRow {
  id: string;
  idempotency_key: string;
  from_account_id: string;
  to_account_id: string;
  asset: Asset;
  amount: string | number;
  kind: TransferKind;
  status: StoredTransferStatus;
  resolution: StoredTransferStatus | null;
  store_id: string | null;
  reverses_id: string | null;
  pending_id: string | null;
  created_at: unknown;
}

export async function readTransfer(tx: Tx, id: string, lock = false): Promise<TransferRecord | null> {
  // The pending transfer's row is locked; its resolution (if any) is found by the unique pending_id.
  const [row] = await select<StoredRow>(
    tx,
    `SELECT t.id, t.idempotency_key, t.from_account_id, t.to_account_id, t.asset, t.amount, t.kind, t.status,
            t.store_id, t.reverses_id, t.pending_id, t.created_at, r.status AS resolution
       FROM ledger_transfers t LEFT JOIN ledger_transfers r ON r.pending_id = t.id
      WHERE t.id = ?${lock ? lockClause(tx) : ''}`,
    [id],
  );
  if (!row) return null;
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    fromAccountId: row.from_account_id,
    toAccountId: row.to_account_id,
    asset: row.asset,
    amount: Number(row.amount),
    kind: row.kind,
    status: effectiveStatus(row.status, row.resolution),
    storeId: row.store_id,
    reversesId: row.reverses_id,
    pendingId: row.pending_id,
    createdAt: readInstant(row.created_at),
  };
}

/** What a stored row means to a reader: a resolved pending transfer is posted or voided. */
export function effectiveStatus(status: StoredTransferStatus, resolution: StoredTransferStatus | null): TransferStatus {
  if (status === 'pending' && resolution === 'post_pending') return 'posted';
  if (status === 'pending' && resolution === 'void_pending') return 'voided';
  if (status === 'post_pending') return 'posted';
  if (status === 'void_pending') return 'voided';
  return status;
}

function lockClause(tx: Tx): string {
  return tx.connection.options.type === 'better-sqlite3' ? '' : ' FOR UPDATE';
}
