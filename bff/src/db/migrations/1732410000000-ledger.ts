import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions } from 'typeorm';
import { bigint, bool, key as exactKey, id, instant, longText, ref, text } from './columns';

const key = (name: string, length: number, primary = false): TableColumnOptions => ({
  ...exactKey(name, length),
  isPrimary: primary,
});

/**
 * The double-entry ledger (DESIGN.md "Ledger", "Points lots and expiry"): accounts with cached
 * balances, append-only transfers, the operation journal that makes every ledger call idempotent,
 * lots with issuing store and expiry, and which lots each debit consumed (for settlement).
 * The CHECKs below are dropped by TypeORM's MySQL driver: PortableSchema1732463700000 creates them.
 */
export class Ledger1732410000000 implements MigrationInterface {
  name = 'Ledger1732410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({ name: 'ledger_settings', columns: [key('name', 64, true), longText('value', false)] }),
    );
    await q.createTable(
      new Table({
        name: 'ledger_accounts',
        columns: [
          id(),
          text('owner_type', 16), // member | store | system
          text('owner_id', 40),
          text('purpose', 32), // wallet | debt | points_issued | points_redeemed | sv_issued | ... | expired
          text('asset', 8), // POINTS | CNY
          bigint('balance', false, 0), // posted, minus pending debits (held)
          bigint('pending_in', false, 0), // pending credits, not yet spendable
          bool('no_negative'),
          instant('created_at'),
        ],
        uniques: [{ name: 'uq_ledger_accounts_owner', columnNames: ['owner_type', 'owner_id', 'purpose', 'asset'] }],
        checks: [
          { name: 'ck_ledger_accounts_no_negative', expression: 'no_negative = 0 OR balance >= 0' },
          { name: 'ck_ledger_accounts_pending_in', expression: 'pending_in >= 0' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ledger_operations',
        columns: [key('op_key', 140, true), text('request_hash', 64), longText('result_json'), instant('created_at')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ledger_transfers',
        columns: [
          id(),
          text('idempotency_key', 150),
          ref('from_account_id'),
          ref('to_account_id'),
          text('asset', 8),
          bigint('amount'),
          text('kind', 16),
          text('status', 16), // posted | pending | voided
          ref('store_id', true),
          text('cause_type', 32, true),
          text('cause_id', 64, true),
          ref('reverses_id', true),
          text('note', 200, true),
          instant('created_at'),
        ],
        uniques: [
          { name: 'uq_ledger_transfers_key', columnNames: ['idempotency_key'] },
          // a transfer is reversed at most once
          { name: 'uq_ledger_transfers_reverses', columnNames: ['reverses_id'] },
        ],
        indices: [
          { name: 'ix_ledger_transfers_from', columnNames: ['from_account_id', 'id'] },
          { name: 'ix_ledger_transfers_to', columnNames: ['to_account_id', 'id'] },
          { name: 'ix_ledger_transfers_cause', columnNames: ['cause_type', 'cause_id'] },
        ],
        checks: [
          { name: 'ck_ledger_transfers_amount', expression: 'amount > 0' },
          { name: 'ck_ledger_transfers_accounts', expression: 'from_account_id <> to_account_id' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ledger_lots',
        columns: [
          id(),
          ref('account_id'),
          ref('member_id'),
          text('asset', 8),
          ref('issuing_store_id', true),
          text('funded_by', 8), // STORE | HQ
          bigint('amount'),
          bigint('remaining'),
          instant('expires_at', true),
          instant('earned_at'),
          ref('origin_transfer_id'),
          instant('created_at'),
        ],
        indices: [
          { name: 'ix_ledger_lots_account', columnNames: ['account_id', 'expires_at', 'id'] },
          { name: 'ix_ledger_lots_expiry', columnNames: ['asset', 'expires_at', 'id'] },
        ],
        checks: [
          { name: 'ck_ledger_lots_remaining', expression: 'remaining >= 0 AND remaining <= amount AND amount > 0' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ledger_lot_portions',
        columns: [id(), ref('transfer_id'), ref('lot_id'), bigint('amount')],
        indices: [
          { name: 'ix_ledger_lot_portions_transfer', columnNames: ['transfer_id'] },
          { name: 'ix_ledger_lot_portions_lot', columnNames: ['lot_id'] },
        ],
        checks: [{ name: 'ck_ledger_lot_portions_amount', expression: 'amount > 0' }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'ledger_lot_portions',
      'ledger_lots',
      'ledger_transfers',
      'ledger_operations',
      'ledger_accounts',
      'ledger_settings',
    ]) {
      await q.dropTable(table);
    }
  }
}
