import { execute, isSqlite, isUniqueViolation, select, type Tx } from '../../db/tx';
import { monotonicFactory } from '../shared/ulid';
import { systemAccount } from './accounts';
import { type DueLot, expireLot } from './expire-lot';
import { forUpdate } from './operations';
import { noteFlows, noteLots } from './report-rollups';

const nextId = monotonicFactory();

/** A lot the batch expires, as read under its lock. */
interface LockedLot {
  id: string;
  account_id: string;
  remaining: string | number;
  issuing_store_id: string | null;
}

/**
 * Expires a batch of lots (thousands at a time) in a fixed number of set-based statements:
 * wallets are locked first in id order (as every debit locks its wallet before its lots), what is
 * left of each lot is re-read under the lock, then one `INSERT … SELECT` writes an EXPIRE
 * transfer per lot (its key `expire:<lotId>` is unique), another the lot portions, one `UPDATE`
 * debits every wallet by the sum of its lots, one credits system:expired and one zeroes the lots.
 * A lot is expired exactly once even when runs overlap or one dies mid-batch: the claim
 * (remaining > 0 under the lock) and the zeroing commit together with the transfers. Returns how
 * many lots this call expired. SQLite (embedded, small chains) expires lot by lot.
 */
export async function expireLots(tx: Tx, due: DueLot[], asOf: Date, runId: string): Promise<number> {
  if (due.length === 0) return 0;
  if (isSqlite(tx.connection)) {
    return expireOneByOne(
      tx,
      due.map((lot) => lot.id),
      asOf,
      runId,
    );
  }
  const lots = await lockLeftovers(tx, due);
  if (lots.length === 0) return 0;
  const savepoint = `ledger_expire_${nextId()}`;
  await execute(tx, `SAVEPOINT ${savepoint}`);
  try {
    await writeExpiry(tx, lots, asOf);
    return lots.length;
  } catch (error) {
    // Only a transfer id colliding with one written elsewhere gets here: retry lot by lot.
    if (!isUniqueViolation(error)) throw error;
    await execute(tx, `ROLLBACK TO SAVEPOINT ${savepoint}`);
    return expireOneByOne(
      tx,
      lots.map((lot) => lot.id),
      asOf,
      runId,
    );
  }
}

async function expireOneByOne(tx: Tx, lotIds: string[], asOf: Date, runId: string): Promise<number> {
  let mine = 0;
  for (const lotId of lotIds) {
    const result = await expireLot(tx, lotId, asOf, runId);
    if (result.runId === runId && result.expired > 0) mine += 1;
  }
  return mine;
}

const marks = (count: number) => Array.from({ length: count }, () => '?').join(', ');

async function lockLeftovers(tx: Tx, due: DueLot[]): Promise<LockedLot[]> {
  const walletIds = [...new Set(due.map((lot) => lot.accountId))].sort();
  await select(
    tx,
    `SELECT id FROM ledger_accounts WHERE id IN (${marks(walletIds.length)}) ORDER BY id${forUpdate(tx)}`,
    walletIds,
  );
  return select<LockedLot>(
    tx,
    `SELECT id, account_id, remaining, issuing_store_id FROM ledger_lots
      WHERE id IN (${marks(due.length)}) AND remaining > 0 ORDER BY id${forUpdate(tx)}`,
    due.map((lot) => lot.id),
  );
}

/**
 * The batch's writes. Transfer ids are ULIDs of this instant whose random part is the lot's (the
 * lot ids of a batch are distinct, so are the transfers'); they sort with the batch's time.
 */
async function writeExpiry(tx: Tx, lots: LockedLot[], asOf: Date): Promise<void> {
  const expired = await systemAccount(tx, 'expired', 'POINTS');
  const idTime = nextId().slice(0, 10);
  const ids = lots.map((lot) => lot.id);
  const inLots = `l.id IN (${marks(ids.length)}) AND l.remaining > 0`;
  const newId = 'CONCAT(?, SUBSTRING(l.id, 11))';
  await execute(
    tx,
    `INSERT INTO ledger_transfers (id, idempotency_key, from_account_id, to_account_id, asset, amount, kind, status,
       store_id, cause_type, cause_id, reverses_id, note, created_at)
     SELECT ${newId}, CONCAT('expire:', l.id), l.account_id, ?, 'POINTS', l.remaining, 'EXPIRE', 'posted',
       l.issuing_store_id, 'lot', l.id, NULL, NULL, ? FROM ledger_lots l WHERE ${inLots}`,
    [idTime, expired.id, asOf, ...ids],
  );
  await execute(
    tx,
    `INSERT INTO ledger_lot_portions (id, transfer_id, lot_id, amount)
     SELECT ${newId}, ${newId}, l.id, l.remaining FROM ledger_lots l WHERE ${inLots}`,
    [idTime, idTime, ...ids],
  );
  await debitWallets(tx, ids, new Set(lots.map((lot) => lot.account_id)).size);
  const total = lots.reduce((sum, lot) => sum + Number(lot.remaining), 0);
  await execute(tx, 'UPDATE ledger_accounts SET balance = balance + ? WHERE id = ?', [total, expired.id]);
  const claimed = await execute(
    tx,
    `UPDATE ledger_lots SET remaining = 0 WHERE id IN (${marks(ids.length)}) AND remaining > 0`,
    ids,
  );
  if (claimed !== lots.length) throw new Error('expired lots changed under their locks');
  await noteRollups(tx, lots, asOf);
}

/** One statement for all wallets of the batch, each debited by what its lots hold, never below 0. */
async function debitWallets(tx: Tx, lotIds: string[], walletCount: number): Promise<void> {
  const debited = await execute(
    tx,
    `UPDATE ledger_accounts a
       JOIN (SELECT account_id, SUM(remaining) AS amount FROM ledger_lots
              WHERE id IN (${marks(lotIds.length)}) AND remaining > 0 GROUP BY account_id) d ON d.account_id = a.id
        SET a.balance = a.balance - d.amount
      WHERE a.balance >= d.amount`,
    lotIds,
  );
  if (debited !== walletCount) throw new Error('a wallet holds less than its lots: the ledger is out of step');
}

async function noteRollups(tx: Tx, lots: LockedLot[], asOf: Date): Promise<void> {
  const common = { at: asOf, asset: 'POINTS' as const };
  await noteFlows(
    tx,
    lots.map((lot) => ({
      ...common,
      storeId: lot.issuing_store_id,
      kind: 'EXPIRE',
      flow: 'out' as const,
      amount: Number(lot.remaining),
      transfers: 1,
    })),
  );
  await noteLots(
    tx,
    lots.map((lot) => ({ ...common, issuingStoreId: lot.issuing_store_id, delta: -Number(lot.remaining) })),
  );
}
