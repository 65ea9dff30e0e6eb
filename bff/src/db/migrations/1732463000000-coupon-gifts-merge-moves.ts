import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { bool, id, instant, int, key, ref, text } from './columns';

/**
 * Coupon gifts between members (a template HQ marks non-giftable cannot be sent; the unique
 * coupon id makes each coupon giftable once), and the per-merge record of the member-keyed rows a
 * merge moved or added up (per-member claim counts, one-off grants, birthdays, check-ins), so that
 * the undo puts back exactly what moved.
 */
export class CouponGiftsMergeMoves1732463000000 implements MigrationInterface {
  name = 'CouponGiftsMergeMoves1732463000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('coupon_templates', new TableColumn(bool('giftable', true)));
    // The member who gave this coupon (null: not a gift); a received coupon is not given on.
    await q.addColumn('coupons', new TableColumn(ref('gifted_by', true)));
    await q.createTable(
      new Table({
        name: 'coupon_gifts',
        columns: [
          id(),
          ref('coupon_id'),
          ref('sender_id'),
          ref('recipient_id'),
          key('old_code', 32),
          instant('created_at'),
        ],
        uniques: [{ name: 'uq_coupon_gifts_coupon', columnNames: ['coupon_id'] }],
        indices: [
          { name: 'ix_coupon_gifts_sender', columnNames: ['sender_id', 'created_at'] },
          { name: 'ix_coupon_gifts_recipient', columnNames: ['recipient_id', 'created_at'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'merge_row_moves',
        columns: [
          id('merge_id'),
          { ...text('table_name', 40), isPrimary: true },
          { ...key('row_key', 64), isPrimary: true },
          int('amount', true),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('merge_row_moves');
    await q.dropTable('coupon_gifts');
    await q.dropColumn('coupons', 'gifted_by');
    await q.dropColumn('coupon_templates', 'giftable');
  }
}
