import { createHash } from 'node:crypto';
import { execute, isRetryableTxError, isSqlite, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import { ledgerNow } from './ledger-clock';

/**
 * Every ledger call is one operation keyed by its idempotency key (TigerBeetle: id = idempotency
 * key). The work runs under a savepoint and the operation row, with its result, is written last,
 * in the same transaction: the common case (a fresh key) costs one statement. A duplicate finds
 * out by a unique key (the transfer's or the operation's) or by the state the first one left; it
 * then rolls its own work back to the savepoint and replays the stored result if the first
 * committed. A concurrent duplicate blocks on the first one's row locks until that commits, so it
 * replays too. A different request under the same key is TRANSFER_CONFLICT. A failed operation
 * (e.g. insufficient funds) leaves nothing behind even if the caller's transaction goes on.
 */
export async function runOperation<T>(
  tx: Tx,
  opKey: string,
  request: Record<string, unknown>,
  work: () => Promise<T>,
): Promise<T> {
  const hash = requestHash(request);
  // A fresh name per call: operations nest (an undo reverses several transfers), and reusing a
  // name would silently move the outer savepoint.
  const savepoint = `ledger_op_${++savepointCounter}`;
  await execute(tx, `SAVEPOINT ${savepoint}`);
  try {
    const result = await work();
    await execute(
      tx,
      'INSERT INTO ledger_operations (op_key, request_hash, result_json, created_at) VALUES (?, ?, ?, ?)',
      [opKey, hash, JSON.stringify(result), ledgerNow()],
    );
    return result;
  } catch (error) {
    await rollbackToSavepoint(tx, savepoint);
    // After a deadlock the server rolled the whole transaction back: the caller retries it.
    if (isRetryableTxError(error)) throw error;
    const earlier = await readOperation(tx, opKey);
    if (earlier) return replay<T>(earlier, hash, opKey);
    throw error;
  }
}

let savepointCounter = 0;

async function rollbackToSavepoint(tx: Tx, savepoint: string): Promise<void> {
  // After a deadlock or a killed connection the server already rolled back everything.
  await execute(tx, `ROLLBACK TO SAVEPOINT ${savepoint}`).catch(() => undefined);
}

interface OperationRow {
  request_hash: string;
  result_json: string | null;
}

async function readOperation(tx: Tx, opKey: string): Promise<OperationRow | null> {
  const [row] = await select<OperationRow>(
    tx,
    'SELECT request_hash, result_json FROM ledger_operations WHERE op_key = ?',
    [opKey],
  );
  return row ?? null;
}

function replay<T>(row: OperationRow, hash: string, opKey: string): T {
  if (row.request_hash !== hash) {
    throw new AppError('TRANSFER_CONFLICT', 'This idempotency key was already used for a different ledger movement.', {
      idempotencyKey: opKey,
    });
  }
  if (row.result_json === null) throw new Error(`ledger operation ${opKey} has no stored result`);
  return JSON.parse(row.result_json, reviveInstants) as T;
}

function reviveInstants(key: string, value: unknown): unknown {
  if ((key === 'expiresAt' || key.endsWith('At')) && typeof value === 'string') return new Date(value);
  return value;
}

export function requestHash(request: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** `FOR UPDATE` where the database has it (SQLite serialises whole transactions instead). */
export function forUpdate(tx: Tx): string {
  return isSqlite(tx.connection) ? '' : ' FOR UPDATE';
}
