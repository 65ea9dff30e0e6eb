import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { bigint, id, instant, key, ref } from './columns';

/**
 * The incremental ledger audit's checkpoint (docs/scale.md "The ledger audit"):
 * - ledger_audit_checkpoints: one row per checkpoint name; `last_transfer_id` is the watermark (every
 *   transfer with a smaller id is summed into the checkpoint), `version` guards its
 *   advance (compare-and-set, so two audits never both add the same transfers);
 * - ledger_audit_sums: per account, what the transfers below the watermark add to its balance and to
 *   its pending credits (history is append-only, so these never change); an account without a row
 *   has none.
 */
export class LedgerAuditCheckpoint1732463600000 implements MigrationInterface {
  name = 'LedgerAuditCheckpoint1732463600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'ledger_audit_checkpoints',
        columns: [
          { ...key('name', 32), isPrimary: true },
          bigint('version', false, 0),
          ref('last_transfer_id'),
          instant('audited_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ledger_audit_sums',
        columns: [id('account_id'), bigint('balance', false, 0), bigint('pending_in', false, 0)],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['ledger_audit_sums', 'ledger_audit_checkpoints']) {
      await q.dropTable(table);
    }
  }
}
