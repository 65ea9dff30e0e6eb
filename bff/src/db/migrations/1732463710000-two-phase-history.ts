import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { monotonicFactory } from '../../domain/shared/ulid';
import { ref } from './columns';

/**
 * Ledger history is append-only, two-phase transfers included (TigerBeetle): posting or voiding a
 * pending transfer becomes a new transfer whose `pending_id` names it (at most one, unique), and
 * the pending transfer's row stays as written. Transfers voided in place before this migration get
 * their void transfer now (same accounts, amount, store and instant) and read `pending` again,
 * which with the void beside them means what `voided` meant. (Transfers posted in place read as
 * ordinary posted transfers, which moves balances the same way.)
 */
export class TwoPhaseHistory1732463710000 implements MigrationInterface {
  name = 'TwoPhaseHistory1732463710000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('ledger_transfers', new TableColumn(ref('pending_id', true)));
    await q.createIndex(
      'ledger_transfers',
      new TableIndex({ name: 'uq_ledger_transfers_pending', columnNames: ['pending_id'], isUnique: true }),
    );
    await convertVoidedInPlace(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE ledger_transfers SET status = 'voided'
        WHERE id IN (SELECT pending_id FROM (SELECT pending_id FROM ledger_transfers WHERE status = 'void_pending') v)`,
    );
    await q.query(
      `UPDATE ledger_transfers SET status = 'posted'
        WHERE id IN (SELECT pending_id FROM (SELECT pending_id FROM ledger_transfers WHERE status = 'post_pending') p)`,
    );
    await q.query("DELETE FROM ledger_transfers WHERE status IN ('post_pending', 'void_pending')");
    await q.dropIndex('ledger_transfers', 'uq_ledger_transfers_pending');
    await q.dropColumn('ledger_transfers', 'pending_id');
  }
}

/** Gives each transfer voided in place its void transfer and reads it as pending again. */
export async function convertVoidedInPlace(q: QueryRunner): Promise<void> {
  const nextId = monotonicFactory();
  const voided = (await q.query(
    `SELECT id, from_account_id, to_account_id, asset, amount, kind, store_id, created_at
         FROM ledger_transfers WHERE status = 'voided' ORDER BY id`,
  )) as Array<Record<string, unknown>>;
  for (const row of voided) {
    await q.query(
      `INSERT INTO ledger_transfers (id, idempotency_key, from_account_id, to_account_id, asset, amount, kind, status,
           store_id, pending_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'void_pending', ?, ?, ?)`,
      [
        nextId(),
        `void:${row.id}`,
        row.from_account_id,
        row.to_account_id,
        row.asset,
        row.amount,
        row.kind,
        row.store_id,
        row.id,
        row.created_at,
      ],
    );
    await q.query("UPDATE ledger_transfers SET status = 'pending' WHERE id = ?", [row.id]);
  }
}
