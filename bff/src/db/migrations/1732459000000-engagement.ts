import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { id, instant, int, ref, text } from './columns';

/**
 * Engagement: daily check-ins (one per member and chain-local day, the unique key decides), points
 * gifts between members with each sender's running daily total (a conditional UPDATE decides the
 * daily limit), the member's birthday (set once), and one-off grants (birthday per year, sign-up,
 * tier reached per year) whose unique key makes each grant happen once.
 */
export class Engagement1732459000000 implements MigrationInterface {
  name = 'Engagement1732459000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'check_ins',
        columns: [
          id(),
          ref('member_id'),
          text('local_date', 10),
          int('streak_days'),
          int('points'),
          instant('created_at'),
        ],
        uniques: [{ name: 'uq_check_ins_member_date', columnNames: ['member_id', 'local_date'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'points_gifts',
        columns: [
          id(),
          ref('sender_id'),
          ref('recipient_id'),
          int('points'),
          text('local_date', 10),
          ref('transfer_id'),
          instant('created_at'),
        ],
        indices: [
          { name: 'ix_points_gifts_sender', columnNames: ['sender_id', 'created_at'] },
          { name: 'ix_points_gifts_recipient', columnNames: ['recipient_id', 'created_at'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'points_gift_days',
        columns: [
          { ...ref('member_id'), isPrimary: true },
          { ...text('local_date', 10), isPrimary: true },
          int('points_sent', false, 0),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'member_birthdays',
        columns: [{ ...ref('member_id'), isPrimary: true }, text('birthday', 10), instant('set_at')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'member_grants',
        columns: [
          id(),
          ref('member_id'),
          text('grant_key', 40),
          int('points'),
          ref('transfer_id', true),
          instant('created_at'),
        ],
        uniques: [{ name: 'uq_member_grants_key', columnNames: ['member_id', 'grant_key'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['member_grants', 'member_birthdays', 'points_gift_days', 'points_gifts', 'check_ins'])
      await q.dropTable(table);
  }
}
