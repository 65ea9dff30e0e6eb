import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { isAppError } from '../shared/app-error';
import { monotonicFactory } from '../shared/ulid';
import { noteAccountCreated } from './account-cache';
import { type Account, memberWallet, storeAccount } from './accounts';
import { earnPoints } from './earn-points';
import { expiryFor, readExpiryRule } from './expiry-rule';
import { ledgerNow } from './ledger-clock';
import { forUpdate, requestHash } from './operations';
import { noteFlows, noteLots } from './report-rollups';
import { creditStoredValue } from './stored-value';
import type { Asset, Cause, FundedBy } from './types';

// Monotonic within a process, like the per-row path: lots with one expiry are consumed in the order made.
const nextId = monotonicFactory();

/** Rows per multi-row statement: far below MySQL's and SQLite's placeholder limits. */
const CHUNK_ROWS = 500;

export interface BulkImportRow {
  memberId: string;
  /** Opening points (0 = none), posted as earnPoints(kind IMPORT) under `pointsKey`. */
  points: number;
  /** Opening stored value in fen (0 = none), posted as creditStoredValue(kind IMPORT) under `cnyKey`. */
  fen: number;
  pointsKey: string;
  cnyKey: string;
}

export interface BulkImportInput extends Cause {
  storeId: string;
  fundedBy: FundedBy;
  at: Date;
  rows: BulkImportRow[];
  /** Operation rows per multi-row insert (default 500; smaller only to exercise several chunks). */
  chunkRows?: number;
}

/** Per row: something posted now, nothing new (posted by an earlier run, or zero amounts), or a key reused with other amounts. */
export type BulkImportOutcome = 'posted' | 'unchanged' | 'conflict';

interface Item {
  row: number;
  asset: Asset;
  key: string;
  hash: string;
  amount: number;
  memberId: string;
}

/**
 * Opening balances for many members in one transaction, with the same effect, row by row, as
 * `earnPoints` + `creditStoredValue` with kind IMPORT under the same keys (operation rows, request
 * hashes, stored results, transfers, lots, balances), but in a handful of multi-row statements:
 * an import of 100,000 members otherwise spends its time in round trips and on the one hot
 * system account row. Keys already used are replayed (same request) or reported as a conflict,
 * like the per-row path. Members with points debt go through `earnPoints` (debt is repaid
 * first); they are rare in an import.
 */
export async function bulkImportOpeningBalances(tx: Tx, input: BulkImportInput): Promise<BulkImportOutcome[]> {
  const items = input.rows.flatMap((row, i) => itemsOf(input, row, i));
  const outcomes: BulkImportOutcome[] = input.rows.map(() => 'unchanged');
  const known = await existingOperations(
    tx,
    items.map((item) => item.key),
  );
  const todo: Item[] = [];
  const blocked = new Set<number>();
  for (const item of items) {
    if (blocked.has(item.row)) continue;
    const hash = known.get(item.key);
    if (hash === undefined) {
      todo.push(item);
      outcomes[item.row] = 'posted';
    } else if (hash !== item.hash) {
      // As in the per-row path: a conflicting points key stops the row before its stored value.
      outcomes[item.row] = 'conflict';
      blocked.add(item.row);
    }
  }
  if (todo.length === 0) return outcomes;
  const wallets = await lockWallets(tx, todo);
  const indebted = await membersWithDebt(tx, todo);
  const bulk = todo.filter((item) => !indebted.has(item.memberId));
  await postOneByOne(
    tx,
    input,
    todo.filter((item) => indebted.has(item.memberId)),
    outcomes,
  );
  if (bulk.length === 0) return outcomes;
  if (!(await insertOperationsOrYield(tx, input, bulk, wallets))) {
    // Another transaction is posting some of these keys right now: let the per-row path replay them.
    await postOneByOne(tx, input, bulk, outcomes);
  }
  return outcomes;
}

function itemsOf(input: BulkImportInput, row: BulkImportRow, index: number): Item[] {
  const common = {
    memberId: row.memberId,
    storeId: input.storeId,
    kind: 'IMPORT',
    fundedBy: input.fundedBy,
    causeType: input.causeType,
    causeId: input.causeId,
  };
  const items: Item[] = [];
  if (row.points > 0) {
    items.push({
      row: index,
      asset: 'POINTS',
      key: row.pointsKey,
      hash: requestHash({ op: 'earnPoints', ...common, points: row.points }),
      amount: row.points,
      memberId: row.memberId,
    });
  }
  if (row.fen > 0) {
    items.push({
      row: index,
      asset: 'CNY',
      key: row.cnyKey,
      hash: requestHash({ op: 'creditStoredValue', ...common, fen: row.fen }),
      amount: row.fen,
      memberId: row.memberId,
    });
  }
  return items;
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function chunks<T>(list: T[], size = CHUNK_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function existingOperations(tx: Tx, keys: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const part of chunks(keys)) {
    const rows = await select<{ op_key: string; request_hash: string }>(
      tx,
      `SELECT op_key, request_hash FROM ledger_operations WHERE op_key IN (${marks(part.length)})`,
      part,
    );
    for (const row of rows) found.set(row.op_key, row.request_hash);
  }
  return found;
}

const walletKey = (memberId: string, asset: Asset) => `${memberId}:${asset}`;

/**
 * The wallets the items credit: existing ones locked (the lock order of every member operation:
 * wallet first, then the debt check), missing ones inserted at balance 0 in multi-row INSERTs.
 */
async function lockWallets(tx: Tx, items: Item[]): Promise<Map<string, Account>> {
  const wallets = new Map<string, Account>();
  const memberIds = [...new Set(items.map((item) => item.memberId))];
  for (const part of chunks(memberIds)) {
    const rows = await select<{ id: string; owner_id: string; asset: Asset }>(
      tx,
      `SELECT id, owner_id, asset FROM ledger_accounts
        WHERE owner_type = 'member' AND purpose = 'wallet' AND owner_id IN (${marks(part.length)})${forUpdate(tx)}`,
      part,
    );
    for (const row of rows) wallets.set(walletKey(row.owner_id, row.asset), walletOf(row.id, row.owner_id, row.asset));
  }
  const missing = new Map<string, Account>();
  for (const item of items) {
    const key = walletKey(item.memberId, item.asset);
    if (!wallets.has(key) && !missing.has(key)) missing.set(key, walletOf(nextId(), item.memberId, item.asset));
  }
  for (const part of chunks([...missing.values()])) {
    try {
      await execute(
        tx,
        `INSERT INTO ledger_accounts (id, owner_type, owner_id, purpose, asset, balance, pending_in, no_negative, created_at)
         VALUES ${part.map(() => "(?, 'member', ?, 'wallet', ?, 0, 0, 1, ?)").join(', ')}`,
        part.flatMap((account) => [account.id, account.ownerId, account.asset, ledgerNow()]),
      );
      for (const account of part) {
        noteAccountCreated(tx, account.id);
        wallets.set(walletKey(account.ownerId, account.asset), account);
      }
    } catch (error) {
      // A concurrent first use created one of them: fall back to create-or-read one by one.
      if (!isUniqueViolation(error)) throw error;
      for (const account of part) {
        wallets.set(walletKey(account.ownerId, account.asset), await memberWallet(tx, account.ownerId, account.asset));
      }
    }
  }
  return wallets;
}

function walletOf(id: string, memberId: string, asset: Asset): Account {
  return { id, ownerType: 'member', ownerId: memberId, purpose: 'wallet', asset, noNegative: true };
}

async function membersWithDebt(tx: Tx, items: Item[]): Promise<Set<string>> {
  const memberIds = [...new Set(items.filter((item) => item.asset === 'POINTS').map((item) => item.memberId))];
  const indebted = new Set<string>();
  for (const part of chunks(memberIds)) {
    const rows = await select<{ owner_id: string }>(
      tx,
      `SELECT owner_id FROM ledger_accounts
        WHERE owner_type = 'member' AND purpose = 'debt' AND balance < 0 AND owner_id IN (${marks(part.length)})`,
      part,
    );
    for (const row of rows) indebted.add(row.owner_id);
  }
  return indebted;
}

/** The per-row path, for members with debt and for keys another transaction is posting. */
async function postOneByOne(tx: Tx, input: BulkImportInput, items: Item[], outcomes: BulkImportOutcome[]) {
  const common = {
    storeId: input.storeId,
    fundedBy: input.fundedBy,
    causeType: input.causeType,
    causeId: input.causeId,
  };
  for (const item of items) {
    if (outcomes[item.row] === 'conflict') continue;
    try {
      if (item.asset === 'POINTS') {
        await earnPoints(tx, {
          ...common,
          memberId: item.memberId,
          points: item.amount,
          kind: 'IMPORT',
          idempotencyKey: item.key,
          earnedAt: input.at,
        });
      } else {
        await creditStoredValue(tx, {
          ...common,
          memberId: item.memberId,
          fen: item.amount,
          kind: 'IMPORT',
          idempotencyKey: item.key,
          at: input.at,
        });
      }
    } catch (error) {
      if (!isAppError(error) || error.code !== 'TRANSFER_CONFLICT') throw error;
      outcomes[item.row] = 'conflict';
    }
  }
}

interface Planned {
  item: Item;
  wallet: Account;
  transferId: string;
  lotId: string;
}

/**
 * Operation rows first (as `runOperation` does), so a concurrent import of the same keys is
 * noticed before anything else is written; false when one of the keys was taken meanwhile. The
 * chunks already in are then rolled back to a savepoint (never deleted: ledger rows are only
 * ever inserted), so the per-row path starts from a clean slate.
 */
async function insertOperationsOrYield(
  tx: Tx,
  input: BulkImportInput,
  items: Item[],
  wallets: Map<string, Account>,
): Promise<boolean> {
  const planned: Planned[] = items.map((item) => {
    const wallet = wallets.get(walletKey(item.memberId, item.asset));
    if (!wallet) throw new Error(`no wallet for member ${item.memberId}`);
    return { item, wallet, transferId: nextId(), lotId: nextId() };
  });
  const createdAt = ledgerNow();
  const savepoint = `bulk_import_${++savepointCounter}`;
  await execute(tx, `SAVEPOINT ${savepoint}`);
  for (const part of chunks(planned, input.chunkRows)) {
    const params = part.flatMap((p) => [p.item.key, p.item.hash, JSON.stringify(resultOf(p)), createdAt]);
    try {
      await execute(
        tx,
        `INSERT INTO ledger_operations (op_key, request_hash, result_json, created_at) VALUES ${part.map(() => '(?, ?, ?, ?)').join(', ')}`,
        params,
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await execute(tx, `ROLLBACK TO SAVEPOINT ${savepoint}`);
      return false;
    }
  }
  const sources = await writeTransfersAndLots(tx, input, planned);
  await creditWallets(tx, planned);
  await debitSources(tx, sources, planned);
  return true;
}

let savepointCounter = 0;

/** Exactly what `earnPoints` / `creditStoredValue` store as their result, for replays. */
function resultOf(p: Planned): Record<string, unknown> {
  return p.item.asset === 'POINTS'
    ? { transferIds: [p.transferId], lotId: p.lotId, debtRepaid: 0, credited: p.item.amount }
    : { transferId: p.transferId, lotId: p.lotId };
}

async function writeTransfersAndLots(tx: Tx, input: BulkImportInput, planned: Planned[]): Promise<Map<Asset, Account>> {
  const sources = new Map<Asset, Account>();
  for (const asset of new Set(planned.map((p) => p.item.asset))) {
    sources.set(asset, await storeAccount(tx, input.storeId, 'import', asset));
  }
  const expiresAt = expiryFor(input.at, await readExpiryRule(tx));
  for (const part of chunks(planned)) {
    await execute(
      tx,
      `INSERT INTO ledger_transfers (id, idempotency_key, from_account_id, to_account_id, asset, amount, kind, status,
         store_id, cause_type, cause_id, reverses_id, note, created_at)
       VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?, 'IMPORT', 'posted', ?, ?, ?, NULL, NULL, ?)").join(', ')}`,
      part.flatMap((p) => [
        p.transferId,
        p.item.key,
        sources.get(p.item.asset)?.id,
        p.wallet.id,
        p.item.asset,
        p.item.amount,
        input.storeId,
        input.causeType,
        input.causeId,
        input.at,
      ]),
    );
    const createdAt = ledgerNow();
    await execute(
      tx,
      `INSERT INTO ledger_lots (id, account_id, member_id, asset, issuing_store_id, funded_by, amount, remaining, expires_at,
         earned_at, origin_transfer_id, created_at) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      part.flatMap((p) => [
        p.lotId,
        p.wallet.id,
        p.item.memberId,
        p.item.asset,
        input.storeId,
        input.fundedBy,
        p.item.amount,
        p.item.amount,
        p.item.asset === 'POINTS' ? expiresAt : null,
        input.at,
        p.transferId,
        createdAt,
      ]),
    );
    const notes = part.map((p) => ({
      at: input.at,
      storeId: input.storeId,
      asset: p.item.asset,
      amount: p.item.amount,
    }));
    await noteFlows(
      tx,
      notes.map((n) => ({ ...n, kind: 'IMPORT', flow: 'in' as const, transfers: 1 })),
    );
    await noteLots(
      tx,
      notes.map((n) => ({ at: n.at, issuingStoreId: n.storeId, asset: n.asset, delta: n.amount })),
    );
  }
  return sources;
}

/** Member wallets before the system account (the lock order of writeTransfer). */
async function creditWallets(tx: Tx, planned: Planned[]): Promise<void> {
  const credit = new Map<string, number>();
  for (const p of planned) credit.set(p.wallet.id, (credit.get(p.wallet.id) ?? 0) + p.item.amount);
  for (const part of chunks([...credit.entries()])) {
    await execute(
      tx,
      `UPDATE ledger_accounts SET balance = balance + CASE id ${part.map(() => 'WHEN ? THEN ?').join(' ')} END
        WHERE id IN (${marks(part.length)})`,
      [...part.flat(), ...part.map(([id]) => id)],
    );
  }
}

/** The import system account, once per asset and batch, last: the one row every batch touches. */
async function debitSources(tx: Tx, sources: Map<Asset, Account>, planned: Planned[]): Promise<void> {
  for (const [asset, source] of sources) {
    const total = planned.filter((p) => p.item.asset === asset).reduce((sum, p) => sum + p.item.amount, 0);
    await execute(tx, 'UPDATE ledger_accounts SET balance = balance - ? WHERE id = ?', [total, source.id]);
  }
}
