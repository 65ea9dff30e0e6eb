import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { id, instant, longText, ref, text } from './columns';

/**
 * Identity: WeChat identities per member, the bound phone (ciphertext + blind index), the shared
 * access-token row, merges, staff invites and admin login throttling.
 */
export class Identity1732420000000 implements MigrationInterface {
  name = 'Identity1732420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('members', [
      new TableColumn(text('phone_enc', 200, true)),
      // HMAC of the normalised phone: the unique index is what decides who holds a number.
      new TableColumn(text('phone_index', 64, true)),
    ]);
    await q.createIndex(
      'members',
      new TableIndex({ name: 'uq_members_phone_index', columnNames: ['phone_index'], isUnique: true }),
    );
    await q.createIndex('members', new TableIndex({ name: 'ix_members_referrer', columnNames: ['referrer_id'] }));
    await q.createTable(
      new Table({
        name: 'member_identities',
        columns: [
          id(),
          ref('member_id'),
          text('appid', 64),
          text('openid', 128),
          text('unionid', 128, true),
          text('session_key_enc', 200, true),
          instant('created_at'),
          instant('updated_at'),
        ],
        uniques: [{ name: 'uq_member_identities_app_openid', columnNames: ['appid', 'openid'] }],
        indices: [
          { name: 'ix_member_identities_member', columnNames: ['member_id'] },
          { name: 'ix_member_identities_unionid', columnNames: ['unionid'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'wechat_access_tokens',
        columns: [id('appid'), text('token', 600), instant('expires_at'), instant('updated_at')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'member_merges',
        columns: [
          id(),
          ref('from_member_id'),
          ref('to_member_id'),
          text('reason', 32), // phone | import
          text('actor_type', 16),
          text('actor_id', 64),
          longText('before_json'),
          longText('after_json'),
          longText('moved_json'),
          instant('created_at'),
          instant('undone_at', true),
          text('undone_by', 64, true),
        ],
        indices: [
          { name: 'ix_member_merges_from', columnNames: ['from_member_id'] },
          { name: 'ix_member_merges_to', columnNames: ['to_member_id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'staff_invites',
        columns: [
          id(),
          ref('store_id'),
          text('role', 16),
          text('code_hash', 64),
          text('created_by', 64),
          instant('created_at'),
          instant('expires_at'),
          instant('used_at', true),
          ref('used_by', true),
        ],
        uniques: [{ name: 'uq_staff_invites_code_hash', columnNames: ['code_hash'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'admin_login_failures',
        columns: [id(), text('username', 64), instant('failed_at')],
        indices: [{ name: 'ix_admin_login_failures_user', columnNames: ['username', 'failed_at'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'admin_login_failures',
      'staff_invites',
      'member_merges',
      'wechat_access_tokens',
      'member_identities',
    ]) {
      await q.dropTable(table);
    }
    await q.dropIndex('members', 'ix_members_referrer');
    await q.dropIndex('members', 'uq_members_phone_index');
    await q.dropColumns('members', ['phone_index', 'phone_enc']);
  }
}
