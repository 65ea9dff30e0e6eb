import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { monotonicFactory } from '../shared/ulid';
import { systemAccount } from './accounts';
import { expireLot } from './expire-lot';
import { forUpdate, requestHash } from './operations';
import { noteFlows, noteLots } from './report-rollups';

const nextId = monotonicFactory();

interface LockedLot {
  id: string;
  account_id: string;
  remaining: string | number;
  issuing_store_id: string | null;
}

/**
 * Expires a batch of lots in a few set-based statements, with the same guarantees as expireLot
 * for each lot: wallets are locked first (in id order, as every debit locks its wallet before its
 * lots), what is left is re-read under the lock, and each lot gets its own EXPIRE transfer and its
 * own operation row `expire:<lotId>` (unique), so a lot is expired exactly once even when two
 * runs overlap. If another run got there first for some lot, the batch falls back to expireLot
 * one by one. Returns how many lots this call expired.
 */
export async function expireLots(tx: Tx, lotIds: string[], asOf: Date, runId: string): Promise<number> {
  if (lotIds.length === 0) return 0;
  const lots = await lockLeftovers(tx, lotIds);
  if (lots.length === 0) return 0;
  const savepoint = `ledger_expire_${nextId()}`;
  await execute(tx, `SAVEPOINT ${savepoint}`);
  try {
    await writeExpiry(tx, lots, asOf, runId);
    return lots.length;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await execute(tx, `ROLLBACK TO SAVEPOINT ${savepoint}`);
    let mine = 0;
    for (const lot of lots) {
      const result = await expireLot(tx, lot.id, asOf, runId);
      if (result.runId === runId && result.expired > 0) mine += 1;
    }
    return mine;
  }
}

const marks = (count: number) => Array.from({ length: count }, () => '?').join(', ');

async function lockLeftovers(tx: Tx, lotIds: string[]): Promise<LockedLot[]> {
  const owners = await select<{ account_id: string }>(
    tx,
    `SELECT DISTINCT account_id FROM ledger_lots WHERE id IN (${marks(lotIds.length)})`,
    lotIds,
  );
  const walletIds = owners.map((row) => row.account_id).sort();
  await select(
    tx,
    `SELECT id FROM ledger_accounts WHERE id IN (${marks(walletIds.length)}) ORDER BY id${forUpdate(tx)}`,
    walletIds,
  );
  return select<LockedLot>(
    tx,
    `SELECT id, account_id, remaining, issuing_store_id FROM ledger_lots
      WHERE id IN (${marks(lotIds.length)}) AND remaining > 0 ORDER BY id${forUpdate(tx)}`,
    lotIds,
  );
}

async function writeExpiry(tx: Tx, lots: LockedLot[], asOf: Date, runId: string): Promise<void> {
  const expired = await systemAccount(tx, 'expired', 'POINTS');
  const now = asOf;
  const rows = lots.map((lot) => ({ ...lot, amount: Number(lot.remaining), transferId: nextId() }));
  await insertMany(
    tx,
    'ledger_operations (op_key, request_hash, result_json, created_at)',
    rows.map((r) => [
      `expire:${r.id}`,
      requestHash({ op: 'expireLot', lotId: r.id }),
      JSON.stringify({ expired: r.amount, runId }),
      now,
    ]),
  );
  await insertMany(
    tx,
    `ledger_transfers (id, idempotency_key, from_account_id, to_account_id, asset, amount, kind, status, store_id,
      cause_type, cause_id, reverses_id, note, created_at)`,
    rows.map((r) => [
      r.transferId,
      `expire:${r.id}`,
      r.account_id,
      expired.id,
      'POINTS',
      r.amount,
      'EXPIRE',
      'posted',
      r.issuing_store_id,
      'lot',
      r.id,
      null,
      null,
      asOf,
    ]),
  );
  await debitWallets(tx, rows);
  const total = rows.reduce((sum, r) => sum + r.amount, 0);
  await execute(tx, 'UPDATE ledger_accounts SET balance = balance + ? WHERE id = ?', [total, expired.id]);
  const claimed = await execute(
    tx,
    `UPDATE ledger_lots SET remaining = 0 WHERE id IN (${marks(rows.length)}) AND remaining > 0`,
    rows.map((r) => r.id),
  );
  if (claimed !== rows.length) throw new Error('expired lots changed under their locks');
  await insertMany(
    tx,
    'ledger_lot_portions (id, transfer_id, lot_id, amount)',
    rows.map((r) => [nextId(), r.transferId, r.id, r.amount]),
  );
  const common = { at: asOf, asset: 'POINTS' as const };
  await noteFlows(
    tx,
    rows.map((r) => ({
      ...common,
      storeId: r.issuing_store_id,
      kind: 'EXPIRE',
      flow: 'out' as const,
      amount: r.amount,
      transfers: 1,
    })),
  );
  await noteLots(
    tx,
    rows.map((r) => ({ ...common, issuingStoreId: r.issuing_store_id, delta: -r.amount })),
  );
}

/** One conditional statement for all wallets of the batch; every wallet must have enough. */
async function debitWallets(tx: Tx, rows: Array<{ account_id: string; amount: number }>): Promise<void> {
  const perWallet = new Map<string, number>();
  for (const row of rows) perWallet.set(row.account_id, (perWallet.get(row.account_id) ?? 0) + row.amount);
  const ids = [...perWallet.keys()];
  const amountCase = `CASE id ${ids.map(() => 'WHEN ? THEN ?').join(' ')} END`;
  const pairs = ids.flatMap((id) => [id, perWallet.get(id)]);
  const debited = await execute(
    tx,
    `UPDATE ledger_accounts SET balance = balance - (${amountCase}) WHERE id IN (${marks(ids.length)}) AND balance >= (${amountCase})`,
    [...pairs, ...ids, ...pairs],
  );
  if (debited !== ids.length) throw new Error('a wallet holds less than its lots: the ledger is out of step');
}

async function insertMany(tx: Tx, into: string, rows: unknown[][]): Promise<void> {
  const row = `(${marks(rows[0].length)})`;
  await execute(tx, `INSERT INTO ${into} VALUES ${rows.map(() => row).join(', ')}`, rows.flat());
}
