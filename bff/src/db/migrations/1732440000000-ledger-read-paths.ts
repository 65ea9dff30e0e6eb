import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * Read paths on the checkout's hot loop: a member's points still held by pending two-phase
 * debits (balances) are found through (from_account_id, status) instead of every transfer the
 * wallet ever made; `amount` rides along so the sum needs no row look-ups.
 */
export class LedgerReadPaths1732440000000 implements MigrationInterface {
  name = 'LedgerReadPaths1732440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'ledger_transfers',
      new TableIndex({ name: 'ix_ledger_transfers_from_status', columnNames: ['from_account_id', 'status', 'amount'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('ledger_transfers', 'ix_ledger_transfers_from_status');
  }
}
