import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { bigint, instant, ref, text } from './columns';

/**
 * The one-time approval code on the member's card: each step a member's code approved with is
 * recorded once (the primary key refuses a replay), and the payment-PIN row also carries the
 * wrong-try count and lock-out for members who never set a PIN (pin_hash NULL), so wrong codes
 * and wrong PINs share one lock-out.
 */
export class ApprovalCodes1732464000000 implements MigrationInterface {
  name = 'ApprovalCodes1732464000000';

  async up(q: QueryRunner): Promise<void> {
    await q.changeColumn('member_payment_pins', 'pin_hash', new TableColumn(text('pin_hash', 200, true)));
    await q.createTable(
      new Table({
        name: 'member_approval_code_uses',
        columns: [{ ...ref('member_id'), isPrimary: true }, { ...bigint('step'), isPrimary: true }, instant('used_at')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('member_approval_code_uses');
    await q.query('DELETE FROM member_payment_pins WHERE pin_hash IS NULL');
    await q.changeColumn('member_payment_pins', 'pin_hash', new TableColumn(text('pin_hash', 200)));
  }
}
