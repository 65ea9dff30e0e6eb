import { randomBytes } from 'node:crypto';
import type { Pool, PoolConnection } from 'mysql2/promise';
import { ulid } from '../../../bff/src/domain/shared/ulid';

const utc = (at: Date) => at.toISOString().replace('T', ' ').replace('Z', '');

/** Account ids by owner, looked up once (the ledger keeps the same per-process cache). */
const accountIds = new Map<string, string>();

async function accountId(conn: PoolConnection, ownerType: string, ownerId: string, purpose: string): Promise<string> {
  const key = `${ownerType}|${ownerId}|${purpose}`;
  const known = accountIds.get(key);
  if (known) return known;
  const [rows] = await conn.execute(
    'SELECT id, owner_type, owner_id, purpose, asset, no_negative FROM ledger_accounts WHERE owner_type = ? AND owner_id = ? AND purpose = ? AND asset = ?',
    [ownerType, ownerId, purpose, 'POINTS'],
  );
  const id = (rows as Array<{ id: string }>)[0].id;
  accountIds.set(key, id);
  return id;
}

/** READ COMMITTED is set once per pooled connection, as the BFF does. */
const configured = new WeakSet<object>();

/**
 * The statements spendPoints runs for one redemption, written by hand with mysql2 against the
 * same tables: savepoint, conditional wallet debit, store credit, transfer row, lots FOR UPDATE,
 * lot update, portion row, operation row with its result, commit. The ceiling the ledger module
 * is measured against.
 */
export async function rawSpend(
  pool: Pool,
  input: { memberId: string; storeId: string; points: number },
): Promise<void> {
  const conn = await pool.getConnection();
  try {
    const core = (conn as unknown as { connection: object }).connection;
    if (!configured.has(core)) {
      await conn.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
      configured.add(core);
    }
    await conn.query('START TRANSACTION');
    const key = `raw-${randomBytes(8).toString('hex')}`;
    const now = utc(new Date());
    await conn.query('SAVEPOINT raw_op');
    const wallet = await accountId(conn, 'member', input.memberId, 'wallet');
    const store = await accountId(conn, 'store', input.storeId, 'points_redeemed');
    const [debit] = await conn.execute(
      'UPDATE ledger_accounts SET balance = balance - ? WHERE id = ? AND balance >= ?',
      [input.points, wallet, input.points],
    );
    if ((debit as { affectedRows: number }).affectedRows !== 1) throw new Error('insufficient points');
    await conn.execute('UPDATE ledger_accounts SET balance = balance + ? WHERE id = ?', [input.points, store]);
    const transferId = ulid();
    await conn.execute(
      `INSERT INTO ledger_transfers (id, idempotency_key, from_account_id, to_account_id, asset, amount, kind, status,
         store_id, cause_type, cause_id, reverses_id, note, created_at) VALUES (?, ?, ?, ?, 'POINTS', ?, 'REDEEM', 'posted', ?, NULL, NULL, NULL, NULL, ?)`,
      [transferId, key, wallet, store, input.points, input.storeId, now],
    );
    const [lots] = await conn.execute(
      `SELECT id, issuing_store_id, funded_by, remaining, expires_at FROM ledger_lots
        WHERE account_id = ? AND remaining > 0 ORDER BY (CASE WHEN expires_at IS NULL THEN 1 ELSE 0 END), expires_at, id FOR UPDATE`,
      [wallet],
    );
    const lot = (lots as Array<{ id: string }>)[0];
    await conn.execute('UPDATE ledger_lots SET remaining = remaining - ? WHERE id = ? AND remaining >= ?', [
      input.points,
      lot.id,
      input.points,
    ]);
    await conn.execute('INSERT INTO ledger_lot_portions (id, transfer_id, lot_id, amount) VALUES (?, ?, ?, ?)', [
      ulid(),
      transferId,
      lot.id,
      input.points,
    ]);
    await conn.execute(
      'INSERT INTO ledger_operations (op_key, request_hash, result_json, created_at) VALUES (?, ?, ?, ?)',
      [key, 'h'.repeat(64), '{}', now],
    );
    await conn.query('COMMIT');
  } catch (error) {
    await conn.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    conn.release();
  }
}
