import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * Read paths that stay flat as the chain grows (docs/scale.md):
 * - a member's expiring points (GET /api/me) start from the member, not from every lot of the
 *   chain due in the next 30 days; `remaining` rides along so the sum reads the index only;
 * - the ledger audit sums credits per account from an index in account order (the debits already
 *   have `ix_ledger_transfers_from_status`), instead of a temporary table of every transfer twice.
 */
export class ScaleReadPaths1732452000000 implements MigrationInterface {
  name = 'ScaleReadPaths1732452000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'ledger_lots',
      new TableIndex({ name: 'ix_ledger_lots_member', columnNames: ['member_id', 'asset', 'expires_at', 'remaining'] }),
    );
    await q.createIndex(
      'ledger_transfers',
      new TableIndex({ name: 'ix_ledger_transfers_to_status', columnNames: ['to_account_id', 'status', 'amount'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('ledger_transfers', 'ix_ledger_transfers_to_status');
    await q.dropIndex('ledger_lots', 'ix_ledger_lots_member');
  }
}
