import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * The staff day view pages a store's day newest first by (created_at, id): this index serves
 * both the page (seek, no sort) and the day's totals. The older (store_id, local_date) index is
 * its prefix and stays for whatever else reads it.
 */
export class CheckoutDayPaging1732451000000 implements MigrationInterface {
  name = 'CheckoutDayPaging1732451000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'checkouts',
      new TableIndex({
        name: 'ix_checkouts_store_day_created',
        columnNames: ['store_id', 'local_date', 'created_at', 'id'],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('checkouts', 'ix_checkouts_store_day_created');
  }
}
