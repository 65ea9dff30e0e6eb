import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { bigint, bool, id, instant, int, longText, ref, text } from './columns';

/**
 * In-store operations: member-code secrets, scans, versioned rules, checkouts and refunds,
 * inter-store settlement lines, tier changes, daily earn counters and notification subscriptions.
 */
export class Instore1732430000000 implements MigrationInterface {
  name = 'Instore1732430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'member_code_secrets',
        // secret_enc: DataCrypto ciphertext of the base64url secret; rotation overwrites it.
        columns: [
          id('member_id'),
          longText('secret_enc', false),
          int('version'),
          instant('created_at'),
          instant('rotated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'scans',
        columns: [
          id(),
          ref('store_id'),
          ref('member_id'),
          ref('staff_member_id'),
          int('member_code_id'),
          bigint('code_step'),
          instant('created_at'),
          instant('expires_at'),
        ],
        // One code (member-code id + TOTP step) opens at most one scan (DESIGN.md, member code).
        uniques: [{ name: 'uq_scans_code_step', columnNames: ['member_code_id', 'code_step'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rule_versions',
        columns: [
          id(),
          text('kind', 16), // earn | redeem | settlement | tier
          text('scope', 26), // 'HQ' or a store id (earn overrides)
          int('version'),
          longText('rule_json', false),
          text('created_by', 64),
          instant('created_at'),
        ],
        uniques: [{ name: 'uq_rule_versions_kind_scope_version', columnNames: ['kind', 'scope', 'version'] }],
      }),
    );
    await q.createTable(checkoutsTable());
    await q.createTable(refundsTable());
    await q.createTable(
      new Table({
        name: 'settlement_lines',
        columns: [
          id(),
          text('from_store_id', 26), // the store (or 'HQ') that owes
          ref('to_store_id'),
          bigint('points'), // negative on refund lines
          bigint('points_value_fen'),
          bigint('stored_value_fen'),
          text('cause_type', 32),
          ref('cause_id'),
          instant('created_at'),
        ],
        indices: [
          { name: 'ix_settlement_lines_created', columnNames: ['created_at'] },
          { name: 'ix_settlement_lines_cause', columnNames: ['cause_id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'tier_changes',
        columns: [
          id(),
          ref('member_id'),
          text('from_tier', 16),
          text('to_tier', 16),
          bigint('rolling_paid_fen'),
          text('reason', 32),
          instant('created_at'),
        ],
        indices: [{ name: 'ix_tier_changes_member', columnNames: ['member_id', 'created_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'earn_daily_totals',
        columns: [ref('member_id'), text('local_date', 10), bigint('points', false, 0)],
        uniques: [{ name: 'uq_earn_daily_member_date', columnNames: ['member_id', 'local_date'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'subscriptions',
        columns: [
          id(),
          ref('member_id'),
          text('template_id', 64),
          int('accepted_count', false, 0),
          instant('created_at'),
          instant('updated_at'),
        ],
        uniques: [{ name: 'uq_subscriptions_member_template', columnNames: ['member_id', 'template_id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'subscriptions',
      'earn_daily_totals',
      'tier_changes',
      'settlement_lines',
      'checkout_refunds',
      'checkouts',
      'rule_versions',
      'scans',
      'member_code_secrets',
    ]) {
      await q.dropTable(table);
    }
  }
}

function checkoutsTable(): Table {
  return new Table({
    name: 'checkouts',
    columns: [
      id(),
      ref('store_id'),
      ref('member_id'),
      ref('scan_id'),
      ref('staff_member_id'),
      text('order_ref', 64),
      bigint('amount_fen'),
      bigint('coupon_discount_fen'),
      bigint('points_redeemed'),
      bigint('points_discount_fen'),
      bigint('stored_value_paid_fen'),
      bigint('cash_due_fen'),
      bigint('points_earned'),
      ref('earn_rule_id', true),
      ref('redeem_rule_id', true),
      int('point_cost_centi_fen'), // HQ cost of a point when sold (hundredths of a fen), for settlement lines
      longText('earn_breakdown', false),
      longText('redeemed_portions', false), // LotPortion[] the redemption consumed (refunds return them)
      longText('stored_value_portions', false), // LotPortion[] the stored-value payment consumed
      longText('coupon_codes', false),
      bigint('refunded_fen', false, 0),
      int('refund_count', false, 0),
      text('local_date', 10), // chain-time day, for the staff day view and the "older than today" rule
      instant('created_at'),
    ],
    uniques: [{ name: 'uq_checkouts_store_order_ref', columnNames: ['store_id', 'order_ref'] }],
    indices: [
      { name: 'ix_checkouts_store_date', columnNames: ['store_id', 'local_date'] },
      { name: 'ix_checkouts_member_created', columnNames: ['member_id', 'created_at'] },
    ],
  });
}

function refundsTable(): Table {
  return new Table({
    name: 'checkout_refunds',
    columns: [
      id(),
      ref('checkout_id'),
      ref('store_id'),
      ref('staff_member_id'),
      int('seq'),
      bigint('refunded_fen'),
      bigint('cash_refunded_fen'),
      bigint('points_returned'),
      bigint('points_clawed_back'),
      bigint('points_debt'),
      bigint('stored_value_returned_fen'),
      bool('coupons_restored'),
      instant('created_at'),
    ],
    // seq = the checkout's refund_count before this refund: two racing refunds cannot both be "the next".
    uniques: [{ name: 'uq_checkout_refunds_seq', columnNames: ['checkout_id', 'seq'] }],
    indices: [{ name: 'ix_checkout_refunds_store_created', columnNames: ['store_id', 'created_at'] }],
  });
}
