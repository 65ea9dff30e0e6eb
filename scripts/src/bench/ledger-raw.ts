import { randomBytes } from 'node:crypto';
import type { Pool } from 'mysql2/promise';
import { ulid } from 'ulid';

const utc = (at: Date) => at.toISOString().replace('T', ' ').replace('Z', '');

/**
 * The statements spendPoints runs for one redemption, written by hand with mysql2 against the
 * same tables: operation lookup and row, savepoint, account lookups, conditional wallet debit,
 * store credit, transfer row, lots FOR UPDATE, lot update, portion row, stored result, commit.
 * The ceiling the ledger module is measured against.
 */
export async function rawSpend(
  pool: Pool,
  input: { memberId: string; storeId: string; points: number },
): Promise<void> {
  const conn = await pool.getConnection();
  try {
    await conn.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    await conn.beginTransaction();
    const key = `raw-${randomBytes(8).toString('hex')}`;
    const now = utc(new Date());
    await conn.execute('SELECT request_hash, result_json FROM ledger_operations WHERE op_key = ?', [key]);
    await conn.query('SAVEPOINT raw_op');
    await conn.execute(
      'INSERT INTO ledger_operations (op_key, request_hash, result_json, created_at) VALUES (?, ?, NULL, ?)',
      [key, 'h'.repeat(64), now],
    );
    const accountSql =
      'SELECT id, owner_type, owner_id, purpose, asset, no_negative FROM ledger_accounts WHERE owner_type = ? AND owner_id = ? AND purpose = ? AND asset = ?';
    const [walletRows] = await conn.execute(accountSql, ['member', input.memberId, 'wallet', 'POINTS']);
    const [storeRows] = await conn.execute(accountSql, ['store', input.storeId, 'points_redeemed', 'POINTS']);
    const wallet = (walletRows as Array<{ id: string }>)[0].id;
    const store = (storeRows as Array<{ id: string }>)[0].id;
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
    await conn.execute('UPDATE ledger_operations SET result_json = ? WHERE op_key = ?', ['{}', key]);
    await conn.commit();
  } catch (error) {
    await conn.rollback().catch(() => undefined);
    throw error;
  } finally {
    conn.release();
  }
}
