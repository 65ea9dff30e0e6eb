import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { ref } from './columns';

/**
 * Session revocation and staff self-sales (issue #10).
 * - members.token_version: a member token carries the version it was issued under; a merge, an
 *   undone merge, a block, a staff revocation or a deletion raises it, and older tokens stop
 *   working at once (the app signs in again without showing it).
 * - checkouts.self_sale / self_sale_approved_by: a clerk's sale to their own member card, and the
 *   manager who approved it when it was above the HQ threshold (the risk report lists them).
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('checkouts', 'self_sale_approved_by');
    await q.dropColumn('checkouts', 'self_sale');
    await q.dropColumn('members', 'token_version');
  }
}
