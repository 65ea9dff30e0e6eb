import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { bigint } from './columns';

/** Coupon value funded by HQ or another store is part of the daily settlement rollup too. */
export class SettlementRollupCoupons1732462000000 implements MigrationInterface {
  name = 'SettlementRollupCoupons1732462000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('report_daily_settlement', new TableColumn(bigint('coupon_value_fen', false, 0)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('report_daily_settlement', 'coupon_value_fen');
  }
}
