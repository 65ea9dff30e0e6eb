import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { bigint, id, instant, longText, ref, text } from './columns';

/**
 * WeChat Pay (issue #14). `pay_orders` is one row per out_trade_no of any kind; `kind` says which
 * module applies its payment (TOPUP today; a reward exchange with a cash part plugs in the same
 * way). `topups` holds what only a top-up has: the issuing store (NULL = HQ), the bonus and the lots
 * the payment created. `pay_refunds` is one row per out_refund_no; `active_order_id` is set while
 * the refund is not CLOSED, so one order has at most one live refund (NULLs do not collide).
 */
export class WechatPay1732455000000 implements MigrationInterface {
  name = 'WechatPay1732455000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'pay_orders',
        columns: [
          id(),
          text('kind', 16),
          text('out_trade_no', 32),
          ref('member_id'),
          text('openid', 128),
          bigint('amount_fen'),
          text('status', 16), // pending | paid | closed
          text('prepay_id', 64, true),
          text('transaction_id', 64, true),
          instant('expires_at'),
          instant('paid_at', true),
          instant('closed_at', true),
          instant('created_at'),
        ],
        uniques: [{ name: 'uq_pay_orders_out_trade_no', columnNames: ['out_trade_no'] }],
        indices: [
          { name: 'ix_pay_orders_status_created', columnNames: ['status', 'created_at'] },
          { name: 'ix_pay_orders_member', columnNames: ['member_id', 'created_at'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'topups',
        columns: [
          id('order_id'),
          ref('issuer_store_id', true),
          bigint('paid_fen'),
          bigint('bonus_fen'),
          text('bonus_rule_id', 26, true),
          ref('paid_lot_id', true),
          ref('bonus_lot_id', true),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'pay_refunds',
        columns: [
          id(),
          ref('order_id'),
          ref('active_order_id', true),
          text('out_refund_no', 64),
          bigint('refund_fen'),
          bigint('bonus_forfeit_fen'),
          text('status', 16), // requested | processing | success | closed | abnormal
          ref('refund_hold_transfer_id', true),
          ref('bonus_hold_transfer_id', true),
          text('wechat_refund_id', 64, true),
          longText('reason'),
          text('requested_by', 64),
          instant('created_at'),
          instant('settled_at', true),
        ],
        uniques: [
          { name: 'uq_pay_refunds_out_refund_no', columnNames: ['out_refund_no'] },
          { name: 'uq_pay_refunds_active_order', columnNames: ['active_order_id'] },
        ],
        indices: [{ name: 'ix_pay_refunds_status_created', columnNames: ['status', 'created_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'pay_notification_log',
        columns: [
          id(),
          text('event_type', 32, true),
          text('out_trade_no', 64, true),
          text('outcome', 32), // applied | duplicate | unknown_order | rejected:<reason> | mismatch:<field> | failed
          longText('detail'),
          instant('received_at'),
        ],
        indices: [{ name: 'ix_pay_notification_log_trade', columnNames: ['out_trade_no'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('pay_notification_log');
    await q.dropTable('pay_refunds');
    await q.dropTable('topups');
    await q.dropTable('pay_orders');
  }
}
