import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { bigint, id, instant, key, ref } from './columns';

/**
 * Session revocation and staff self-sales (issue #10).
 * - members.token_version: a member token carries the version it was issued under; a merge, an
 *   undone merge, a block, a staff revocation or a deletion raises it, and older tokens stop
 *   working at once (the app signs in again without showing it).
 * - checkouts.self_sale / self_sale_approved_by: a clerk's sale to their own member card, and the
 *   manager who approved it when it was above the HQ threshold (the risk report lists them).
 * - self_sale_approvals: a manager's single-use approval code for one such sale, at one store, up
 *   to an amount, for 10 minutes.
 */
export class SessionVersions1732450000001 implements MigrationInterface {
  name = 'SessionVersions1732450000001';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'members',
      new TableColumn({ name: 'token_version', type: 'int', isNullable: false, default: 0 }),
    );
    await q.addColumn(
      'checkouts',
      new TableColumn({ name: 'self_sale', type: 'boolean', isNullable: false, default: false }),
    );
    await q.addColumn('checkouts', new TableColumn(ref('self_sale_approved_by', true)));
    await q.createTable(
      new Table({
        name: 'self_sale_approvals',
        columns: [
          id(),
          ref('store_id'),
          key('code', 8),
          ref('manager_member_id'),
          bigint('max_amount_fen'),
          instant('created_at'),
          instant('expires_at'),
          ref('used_checkout_id', true),
        ],
        uniques: [{ name: 'uq_self_sale_approvals_store_code', columnNames: ['store_id', 'code'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('self_sale_approvals');
    await q.dropColumn('checkouts', 'self_sale_approved_by');
    await q.dropColumn('checkouts', 'self_sale');
    await q.dropColumn('members', 'token_version');
  }
}
