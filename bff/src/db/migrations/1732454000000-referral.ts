import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { bigint, bool, id, instant, int, longText, ref, text } from './columns';

/**
 * Referral (issue #12): who was attributed to whom and how (clerk's store, device), the rebates
 * of each paid checkout (pending → confirmed, cancelled or clawed back), the per-referrer monthly
 * totals that enforce the cap, the cached mini-program code per member, HQ's fraud reviews and
 * what each merge moved. Member-facing reads start with the member in every index they use.
 */
export class Referral1732454000000 implements MigrationInterface {
  name = 'Referral1732454000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'referral_attributions',
        columns: [
          id('referee_id'),
          ref('referrer_id'),
          ref('staff_store_id', true),
          text('device_id', 64, true),
          text('payer_ref', 64, true), // the first payer account seen paying for the referee (WeChat Pay openid)
          instant('first_paid_at', true),
          instant('created_at'),
        ],
        indices: [
          { name: 'ix_referral_attributions_referrer', columnNames: ['referrer_id', 'created_at'] },
          { name: 'ix_referral_attributions_store', columnNames: ['staff_store_id', 'referrer_id'] },
          { name: 'ix_referral_attributions_device', columnNames: ['device_id'] },
          { name: 'ix_referral_attributions_payer', columnNames: ['payer_ref'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'referral_rebates',
        columns: [
          id(),
          ref('checkout_id'),
          int('level'),
          ref('beneficiary_id'),
          ref('referee_id'),
          ref('store_id'),
          text('asset', 16), // POINTS | CNY | COMMISSION (fen recorded for payroll, never paid out)
          bool('is_staff'),
          bigint('base_fen'),
          int('bps'),
          bigint('amount'),
          bigint('current_amount'),
          bigint('refunded_fen', false, 0),
          bigint('clawed_back', false, 0),
          bigint('debt', false, 0),
          text('status', 16), // pending | held | confirmed | cancelled | clawed_back | rejected
          text('month', 7),
          instant('confirm_at'),
          instant('confirmed_at', true),
          instant('created_at'),
          instant('updated_at'),
        ],
        uniques: [{ name: 'uq_referral_rebates_checkout_level', columnNames: ['checkout_id', 'level'] }],
        indices: [
          { name: 'ix_referral_rebates_beneficiary', columnNames: ['beneficiary_id', 'created_at'] },
          { name: 'ix_referral_rebates_referee', columnNames: ['referee_id'] },
          { name: 'ix_referral_rebates_due', columnNames: ['status', 'confirm_at', 'id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'referral_monthly_totals',
        columns: [
          id('member_id'),
          { ...text('month', 7), isPrimary: true },
          { ...text('asset', 16), isPrimary: true },
          bigint('amount', false, 0),
        ],
      }),
    );
    const sqlite = q.connection.driver.options.type === 'better-sqlite3';
    await q.createTable(
      new Table({
        name: 'referral_posters',
        columns: [
          id('member_id'),
          text('content_type', 32),
          { name: 'image', type: sqlite ? 'blob' : 'mediumblob' },
          instant('created_at'),
        ],
        indices: [{ name: 'ix_referral_posters_created', columnNames: ['created_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'referral_reviews',
        columns: [
          id(),
          ref('referrer_id'),
          text('reason', 32),
          longText('details_json'),
          text('status', 16), // open | approved | rejected
          ref('open_key', true), // the referrer's id while open: one open review per referrer
          instant('created_at'),
          instant('decided_at', true),
          ref('decided_by', true),
        ],
        uniques: [{ name: 'uq_referral_reviews_open', columnNames: ['open_key'] }],
        indices: [
          { name: 'ix_referral_reviews_status', columnNames: ['status', 'created_at'] },
          { name: 'ix_referral_reviews_referrer', columnNames: ['referrer_id', 'created_at'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'referral_merge_moves',
        columns: [id('merge_id'), longText('moved_json', false), instant('created_at')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'referral_merge_moves',
      'referral_reviews',
      'referral_posters',
      'referral_monthly_totals',
      'referral_rebates',
      'referral_attributions',
    ])
      await q.dropTable(table);
  }
}
