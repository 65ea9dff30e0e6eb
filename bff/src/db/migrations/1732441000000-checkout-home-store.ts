import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { ref } from './columns';

/**
 * The member's home store on each sale, as it was then (DESIGN.md: a member's home store is where
 * they first bought), so the day view and HQ reports can split sales between a store's own members
 * and visiting members of other stores. Earlier sales take the member's home store of today.
 */
export class CheckoutHomeStore1732441000000 implements MigrationInterface {
  name = 'CheckoutHomeStore1732441000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('checkouts', new TableColumn(ref('member_home_store_id', true)));
    await q.query(
      'UPDATE checkouts SET member_home_store_id = (SELECT m.home_store_id FROM members m WHERE m.id = checkouts.member_id)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('checkouts', 'member_home_store_id');
  }
}
