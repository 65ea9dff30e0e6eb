import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { instant, key, ref } from './columns';

/**
 * Sign-up risk and the coupon / reward reports:
 * - the device each new member signed up from (login's `deviceId`), so many sign-ups from one
 *   device in the risk window are one index range (`ix_signup_devices_created`);
 * - the coupon and reward reports read one period of coupons / exchanges from covering indexes
 *   (issued or claimed by creation time, redeemed by use time, expired by end of validity;
 *   exchanges by creation and pickup time) instead of every row of the table.
 */
export class SignupRiskReportPaths1732463200000 implements MigrationInterface {
  name = 'SignupRiskReportPaths1732463200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'signup_devices',
        columns: [{ ...ref('member_id'), isPrimary: true }, key('device_id', 64), instant('created_at')],
        indices: [{ name: 'ix_signup_devices_created', columnNames: ['created_at', 'device_id'] }],
      }),
    );
    const indexes: Array<[string, string, string[]]> = [
      ['coupons', 'ix_coupons_created_report', ['created_at', 'template_id', 'source']],
      ['coupons', 'ix_coupons_used_report', ['used_at', 'status', 'template_id', 'used_store_id', 'discount_fen']],
      ['coupons', 'ix_coupons_until_report', ['valid_until', 'template_id', 'status']],
      [
        'reward_exchanges',
        'ix_reward_exchanges_created_report',
        ['created_at', 'reward_id', 'status', 'quantity', 'points_spent', 'cash_fen'],
      ],
      [
        'reward_exchanges',
        'ix_reward_exchanges_fulfilled_report',
        ['fulfilled_at', 'reward_id', 'fulfilled_store_id', 'quantity'],
      ],
    ];
    for (const [table, name, columnNames] of indexes) await q.createIndex(table, new TableIndex({ name, columnNames }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('reward_exchanges', 'ix_reward_exchanges_fulfilled_report');
    await q.dropIndex('reward_exchanges', 'ix_reward_exchanges_created_report');
    await q.dropIndex('coupons', 'ix_coupons_until_report');
    await q.dropIndex('coupons', 'ix_coupons_used_report');
    await q.dropIndex('coupons', 'ix_coupons_created_report');
    await q.dropTable('signup_devices');
  }
}
