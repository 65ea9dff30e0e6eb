import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { id, instant, int, key, ref, text } from './columns';

/**
 * Member approval of large deductions and of POS phone lookups: one row per request, decided
 * once by a conditional UPDATE on its status (so approve and reject at once cannot both win),
 * taken once by the checkout (the unique used_checkout_id), and the member's payment PIN (a slow
 * KDF hash) with its wrong-try counter and lock-out.
 */
export class MemberApprovals1732463100000 implements MigrationInterface {
  name = 'MemberApprovals1732463100000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'member_approvals',
        columns: [
          id(),
          text('kind', 16),
          text('status', 16),
          ref('store_id'),
          ref('member_id'),
          // The staff member or POS key that asked.
          ref('requested_by'),
          ref('scan_id', true),
          int('amount_fen'),
          int('points'),
          int('stored_value_fen'),
          text('decided_with', 8, true),
          key('used_checkout_id', 26, true),
          instant('created_at'),
          instant('decided_at', true),
          instant('expires_at'),
        ],
        uniques: [{ name: 'uq_member_approvals_checkout', columnNames: ['used_checkout_id'] }],
        indices: [{ name: 'ix_member_approvals_member', columnNames: ['member_id', 'status', 'expires_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'member_payment_pins',
        columns: [
          { ...ref('member_id'), isPrimary: true },
          text('pin_hash', 200),
          int('failed_attempts', false, 0),
          instant('locked_until', true),
          instant('updated_at'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('member_payment_pins');
    await q.dropTable('member_approvals');
  }
}
