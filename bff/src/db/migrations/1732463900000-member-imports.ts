import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { bigint, bool, id, instant, int, ref, text } from './columns';

const medium = (name: string) => ({ name, type: 'mediumtext', isNullable: true });

/**
 * A web member import run in the background: the validated rows (encrypted, dropped when the import
 * ends), the cursor of rows done, the running counts and the rejected-rows report. Batches move the
 * cursor with a conditional UPDATE, so any instance can resume an import another one left.
 */
export class MemberImports1732463900000 implements MigrationInterface {
  name = 'MemberImports1732463900000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'member_imports',
        columns: [
          id(),
          ref('store_id'),
          text('store_code', 32),
          bool('dry_run'),
          text('status', 16),
          ref('admin_id'),
          medium('rows_enc'),
          int('total_rows'),
          int('valid_rows'),
          int('cursor_rows', false, 0),
          int('created_count', false, 0),
          int('existing_count', false, 0),
          bigint('points_posted', false, 0),
          bigint('fen_posted', false, 0),
          medium('rejected_json'),
          instant('created_at'),
          instant('updated_at'),
          instant('finished_at', true),
        ],
        indices: [{ name: 'ix_member_imports_status', columnNames: ['status', 'created_at'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('member_imports');
  }
}
