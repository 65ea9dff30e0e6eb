import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { bigint, id, instant, ref, text } from './columns';

/**
 * The optional pending period of earned points (earn rule `pendingDays`): a pending EARN
 * transfer's release instant and what its lot will carry once released, and how many pending
 * points each refund voided (part of what a refund took back of the checkout's earnings).
 */
export class PendingEarns1732436000000 implements MigrationInterface {
  name = 'PendingEarns1732436000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'ledger_pending_earns',
        columns: [
          id('transfer_id'),
          ref('member_id'),
          ref('store_id', true),
          text('funded_by', 8), // STORE | HQ
          instant('release_at'),
          instant('created_at'),
        ],
        indices: [{ name: 'ix_ledger_pending_earns_release', columnNames: ['release_at', 'transfer_id'] }],
      }),
    );
    await q.addColumn('checkout_refunds', new TableColumn(bigint('points_pending_voided', false, 0)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('checkout_refunds', 'points_pending_voided');
    await q.dropTable('ledger_pending_earns');
  }
}
