import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { bigint, bool, id, instant, int, longText, ref, text } from './columns';

/**
 * Coupons and the rewards catalogue: templates and member coupons (stock and per-member limits
 * arbitrated by conditional UPDATEs on `coupon_templates.issued` and `coupon_member_counts`),
 * resumable batch issues, rewards with their exchanges and pickups, and the coupon-funded value on
 * settlement lines. Member-facing reads start with the member (`ix_coupons_member_status_until`,
 * `ix_reward_exchanges_member_created`, and the per-member counts keyed member first).
 */
export class CouponsRewards1732453000000 implements MigrationInterface {
  name = 'CouponsRewards1732453000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(templatesTable());
    await q.createTable(couponsTable());
    await q.createTable(
      new Table({
        name: 'coupon_member_counts',
        columns: [id('member_id'), { ...ref('template_id'), isPrimary: true }, int('claimed', false, 0)],
      }),
    );
    await q.createTable(
      new Table({
        name: 'coupon_merge_moves',
        columns: [id('merge_id'), { ...ref('coupon_id'), isPrimary: true }],
      }),
    );
    await q.createTable(issuesTable());
    await q.createTable(rewardsTable());
    await q.createTable(
      new Table({
        name: 'reward_member_counts',
        columns: [id('member_id'), { ...ref('reward_id'), isPrimary: true }, int('exchanged', false, 0)],
      }),
    );
    await q.createTable(exchangesTable());
    await q.addColumn('settlement_lines', new TableColumn(bigint('coupon_value_fen', false, 0)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('settlement_lines', 'coupon_value_fen');
    for (const table of [
      'reward_exchanges',
      'reward_member_counts',
      'rewards',
      'coupon_issues',
      'coupon_merge_moves',
      'coupon_member_counts',
      'coupons',
      'coupon_templates',
    ]) {
      await q.dropTable(table);
    }
  }
}

function templatesTable(): Table {
  return new Table({
    name: 'coupon_templates',
    columns: [
      id(),
      text('name', 64),
      text('type', 16), // AMOUNT_OFF | PERCENT_OFF | GIFT
      bigint('threshold_fen', false, 0),
      bigint('value_fen', true),
      int('percent_off', true),
      bigint('max_discount_fen', true),
      instant('valid_from', true),
      instant('valid_until', true),
      int('valid_days', true),
      longText('store_ids', true), // JSON array; null: every store
      int('stock', true), // null: unlimited
      int('issued', false, 0), // claimed + issued so far; never above stock
      int('per_member_limit', true),
      bool('claimable'),
      bool('stackable'),
      ref('funded_by'), // 'HQ' or the funding store's id
      text('status', 16), // active | paused | ended
      text('created_by', 64),
      instant('created_at'),
      instant('updated_at'),
    ],
    checks: [{ name: 'ck_coupon_templates_issued', expression: 'issued >= 0 AND (stock IS NULL OR issued <= stock)' }],
    indices: [{ name: 'ix_coupon_templates_claimable', columnNames: ['claimable', 'status'] }],
  });
}

function couponsTable(): Table {
  return new Table({
    name: 'coupons',
    columns: [
      id(),
      ref('code'), // 16 digits, what the clerk scans or types
      ref('template_id'),
      ref('member_id'),
      text('status', 16), // available | used | expired
      text('source', 16), // claim | issue
      ref('issue_id', true),
      instant('valid_from'),
      instant('valid_until'),
      instant('created_at'),
      instant('used_at', true),
      ref('used_store_id', true),
      ref('used_checkout_id', true),
      bigint('discount_fen', true),
    ],
    uniques: [
      { name: 'uq_coupons_code', columnNames: ['code'] },
      // One coupon per member per batch issue: a replayed batch cannot issue twice.
      { name: 'uq_coupons_issue_member', columnNames: ['issue_id', 'member_id'] },
    ],
    indices: [
      { name: 'ix_coupons_member_status_until', columnNames: ['member_id', 'status', 'valid_until'] },
      { name: 'ix_coupons_status_until', columnNames: ['status', 'valid_until'] },
      { name: 'ix_coupons_checkout', columnNames: ['used_checkout_id'] },
    ],
  });
}

function issuesTable(): Table {
  return new Table({
    name: 'coupon_issues',
    columns: [
      id(),
      ref('template_id'),
      longText('target_json', false), // {memberIds} | {tier} | {all: true}
      text('status', 16), // running | done
      text('stopped_by', 16, true), // STOCK when the stock ran out first
      int('total'),
      int('done', false, 0),
      int('issued', false, 0),
      int('batches', false, 0),
      ref('cursor_id', true), // last member id handled (ids are processed in order)
      text('created_by', 64),
      instant('created_at'),
      instant('updated_at'),
      instant('finished_at', true),
    ],
    indices: [{ name: 'ix_coupon_issues_status', columnNames: ['status'] }],
  });
}

function rewardsTable(): Table {
  return new Table({
    name: 'rewards',
    columns: [
      id(),
      text('name', 64),
      longText('description', true),
      int('points_price'),
      bigint('cash_price_fen', false, 0),
      int('stock'),
      int('per_member_limit', true),
      instant('active_from', true),
      instant('active_until', true),
      longText('store_ids', true), // JSON array of pickup stores; null: any store
      text('status', 16), // active | ended
      text('created_by', 64),
      instant('created_at'),
    ],
    checks: [{ name: 'ck_rewards_stock', expression: 'stock >= 0' }],
  });
}

function exchangesTable(): Table {
  return new Table({
    name: 'reward_exchanges',
    columns: [
      id(),
      ref('reward_id'),
      ref('member_id'),
      int('quantity'),
      int('points_spent'),
      bigint('cash_fen', false, 0),
      text('status', 24), // ready | fulfilled | pending_payment | cancelled
      ref('pickup_code', true),
      ref('transfer_id'),
      longText('portions', false), // the lots the points came from (settlement at pickup)
      instant('created_at'),
      instant('expires_at', true), // a held cash-part exchange is voided after this
      ref('fulfilled_store_id', true),
      ref('fulfilled_by', true),
      instant('fulfilled_at', true),
    ],
    uniques: [{ name: 'uq_reward_exchanges_pickup_code', columnNames: ['pickup_code'] }],
    indices: [
      { name: 'ix_reward_exchanges_member_created', columnNames: ['member_id', 'created_at'] },
      { name: 'ix_reward_exchanges_status_expires', columnNames: ['status', 'expires_at'] },
    ],
  });
}
