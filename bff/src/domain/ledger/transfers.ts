import { execute, readInstant, select, type Tx } from '../../db/tx';
import { monotonicFactory } from '../shared/ulid';
import { type Account, creditBalance, debitBalance } from './accounts';
import { flowOf, noteFlows } from './report-rollups';
import type { Asset, Cause, TransferKind, TransferStatus } from './types';
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
  at?: Date;
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
  const at = input.at ?? new Date();
  const debit = () => debitBalance(tx, input.from, input.amount);
  const credit = () => creditBalance(tx, input.to, input.amount, input.pending === true);
  if (input.to.ownerType === 'member' && input.from.ownerType !== 'member') {
    await credit();
    await debit();
  } else {
    await debit();
    await credit();
  }
  await execute(
    tx,
    `INSERT INTO ledger_transfers (id, idempotency_key, from_account_id, to_account_id, asset, amount, kind, status,
       store_id, cause_type, cause_id, reverses_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      input.idempotencyKey,
      input.from.id,
      input.to.id,
      input.from.asset,
      input.amount,
      input.kind,
      input.pending ? 'pending' : 'posted',
      input.storeId,
      input.cause?.causeType ?? null,
      input.cause?.causeId ?? null,
      input.reversesId ?? null,
      input.note ?? null,
      at,
    ],
  );
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
  status: TransferStatus;
  storeId: string | null;
  reversesId: string | null;
  createdAt: Date;
}

interface TransferRow {
  id: string;
  idempotency_key: string;
  from_account_id: string;
  to_account_id: string;
  asset: Asset;
  amount: string | number;
  kind: TransferKind;
  status: TransferStatus;
  store_id: string | null;
  reverses_id: string | null;
  created_at: unknown;
}

export async function readTransfer(tx: Tx, id: string, lock = false): Promise<TransferRecord | null> {
  const [row] = await select<TransferRow>(
    tx,
    `SELECT id, idempotency_key, from_account_id, to_account_id, asset, amount, kind, status, store_id, reverses_id, created_at
       FROM ledger_transfers WHERE id = ?${lock ? lockClause(tx) : ''}`,
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
    status: row.status,
    storeId: row.store_id,
    reversesId: row.reverses_id,
    createdAt: readInstant(row.created_at),
  };
}

function lockClause(tx: Tx): string {
  return tx.connection.options.type === 'better-sqlite3' ? '' : ' FOR UPDATE';
}
