import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { bool, id, instant, int, key, longText, ref, text } from './columns';

/** Core tables every capability hangs off: stores, members, staff, admins, idempotency, jobs, audit, outbox. */
export class Foundation1732400000000 implements MigrationInterface {
  name = 'Foundation1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'stores',
        columns: [id(), text('code', 32), text('name', 100), text('city', 50, true), instant('created_at')],
        uniques: [{ name: 'uq_stores_code', columnNames: ['code'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'members',
        columns: [
          id(),
          int('member_code_id'),
          text('status', 16), // active | merged | deleted
          bool('earn_blocked'),
          bool('spend_blocked'),
          text('block_reason', 200, true),
          ref('merged_into_id', true),
          ref('home_store_id', true),
          text('tier', 16),
          text('referral_code', 16),
          ref('referrer_id', true),
          text('name', 100, true),
          instant('created_at'),
          instant('updated_at'),
        ],
        uniques: [
          { name: 'uq_members_member_code_id', columnNames: ['member_code_id'] },
          { name: 'uq_members_referral_code', columnNames: ['referral_code'] },
        ],
        indices: [{ name: 'ix_members_merged_into', columnNames: ['merged_into_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'staff_roles',
        columns: [
          id(),
          ref('member_id'),
          ref('store_id'),
          text('role', 16),
          instant('created_at'),
          instant('revoked_at', true),
        ],
        indices: [{ name: 'ix_staff_roles_member_store', columnNames: ['member_id', 'store_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'admins',
        columns: [id(), text('username', 64), text('password_hash', 200), instant('created_at')],
        uniques: [{ name: 'uq_admins_username', columnNames: ['username'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          text('scope', 120),
          text('idem_key', 64),
          text('request_hash', 64),
          int('status_code', true),
          longText('response_body'),
          instant('created_at'),
        ],
        uniques: [{ name: 'uq_idempotency_scope_key', columnNames: ['scope', 'idem_key'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'job_leases',
        columns: [key('name', 64), text('owner', 64, true), instant('lease_until', true), longText('progress')],
        uniques: [{ name: 'uq_job_leases_name', columnNames: ['name'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          id(),
          text('actor_type', 16),
          text('actor_id', 64),
          text('action', 64),
          text('target_type', 32),
          text('target_id', 64, true),
          longText('before_json'),
          longText('after_json'),
          instant('created_at'),
        ],
        indices: [{ name: 'ix_audit_log_created', columnNames: ['created_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'outbox',
        columns: [
          id(),
          text('kind', 32),
          text('dedupe_key', 120),
          longText('payload', false),
          text('status', 16), // pending | sent | failed
          int('attempts', false, 0),
          instant('next_attempt_at'),
          text('last_error', 500, true),
          instant('created_at'),
        ],
        uniques: [{ name: 'uq_outbox_dedupe', columnNames: ['dedupe_key'] }],
        indices: [{ name: 'ix_outbox_status_next', columnNames: ['status', 'next_attempt_at'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'outbox',
      'audit_log',
      'job_leases',
      'idempotency_keys',
      'admins',
      'staff_roles',
      'members',
      'stores',
    ]) {
      await q.dropTable(table);
    }
  }
}
