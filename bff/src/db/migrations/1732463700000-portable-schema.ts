import type { MigrationInterface, QueryRunner } from 'typeorm';
import { convertColumns } from './1732450000000-exact-ids';
import { BINARY_COLLATION, KEY_COLUMN, TEXT_COLLATION } from './columns';

/**
 * The schema MySQL 8 (sql_require_primary_key) and TiDB accept as it is (docs/tidb.md):
 *
 * - The ledger's CHECK constraints, which TypeORM's MySQL driver silently leaves out of CREATE
 *   TABLE, created with plain SQL (MariaDB and MySQL 8.0.16+ enforce them; TiDB enforces them
 *   from 7.2 with tidb_enable_check_constraint and parses them before).
 * - A primary key for every table: the unique key that already identifies a row becomes it.
 *   `NONCLUSTERED` in a TiDB-only comment: TiDB adds no clustered key to an existing table.
 * - Collations pinned: identifier columns binary, words utf8mb4_unicode_ci, whatever the server's
 *   default (fresh installs get both from the column helpers; this moves older schemas).
 *
 * One change per ALTER where it can matter (TiDB before 6.2 takes one schema change at a time).
 * SQLite: its CHECKs are created by TypeORM, rowid tables need no key, and it compares bytes.
 */
export const LEDGER_CHECKS: Array<{ table: string; name: string; expression: string }> = [
  { table: 'ledger_accounts', name: 'ck_ledger_accounts_no_negative', expression: 'no_negative = 0 OR balance >= 0' },
  { table: 'ledger_accounts', name: 'ck_ledger_accounts_pending_in', expression: 'pending_in >= 0' },
  { table: 'ledger_transfers', name: 'ck_ledger_transfers_amount', expression: 'amount > 0' },
  { table: 'ledger_transfers', name: 'ck_ledger_transfers_accounts', expression: 'from_account_id <> to_account_id' },
  {
    table: 'ledger_lots',
    name: 'ck_ledger_lots_remaining',
    expression: 'remaining >= 0 AND remaining <= amount AND amount > 0',
  },
  { table: 'ledger_lot_portions', name: 'ck_ledger_lot_portions_amount', expression: 'amount > 0' },
];

const PRIMARY_KEYS: Array<{ table: string; columns: string[]; replaces: string }> = [
  { table: 'idempotency_keys', columns: ['scope', 'idem_key'], replaces: 'uq_idempotency_scope_key' },
  { table: 'job_leases', columns: ['name'], replaces: 'uq_job_leases_name' },
  { table: 'earn_daily_totals', columns: ['member_id', 'local_date'], replaces: 'uq_earn_daily_member_date' },
];

/** Keys that are not named like one. */
const EXACT_COLUMNS = new Set(['job_leases.name', 'ledger_settings.name']);

export class PortableSchema1732463700000 implements MigrationInterface {
  name = 'PortableSchema1732463700000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'mysql') return;
    await pinCollations(q);
    await addPrimaryKeys(q);
    await addChecks(q);
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'mysql') return;
    for (const check of LEDGER_CHECKS) {
      if (await hasCheck(q, check.table, check.name)) {
        await q.query(`ALTER TABLE \`${check.table}\` DROP CONSTRAINT \`${check.name}\``);
      }
    }
    for (const key of PRIMARY_KEYS) {
      await q.query(`ALTER TABLE \`${key.table}\` ADD UNIQUE INDEX \`${key.replaces}\` (${columnList(key.columns)})`);
      await q.query(`ALTER TABLE \`${key.table}\` DROP PRIMARY KEY`);
    }
  }
}

/** Identifiers binary, everything else utf8mb4_unicode_ci; columns already pinned are left alone. */
export async function pinCollations(q: QueryRunner): Promise<void> {
  const isKey = (table: string, column: string) => KEY_COLUMN.test(column) || EXACT_COLUMNS.has(`${table}.${column}`);
  await convertColumns(
    q,
    (c) => isKey(c.TABLE_NAME, c.COLUMN_NAME) && c.COLLATION_NAME !== BINARY_COLLATION,
    BINARY_COLLATION,
  );
  await convertColumns(
    q,
    (c) =>
      !isKey(c.TABLE_NAME, c.COLUMN_NAME) &&
      c.COLLATION_NAME !== TEXT_COLLATION &&
      c.COLLATION_NAME !== BINARY_COLLATION,
    TEXT_COLLATION,
  );
}

async function addPrimaryKeys(q: QueryRunner): Promise<void> {
  for (const key of PRIMARY_KEYS) {
    const [row] = (await q.query(
      `SELECT COUNT(*) AS n FROM information_schema.TABLE_CONSTRAINTS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_TYPE = 'PRIMARY KEY'`,
      [key.table],
    )) as Array<{ n: number | string }>;
    if (Number(row?.n) > 0) continue;
    await q.query(
      `ALTER TABLE \`${key.table}\` ADD PRIMARY KEY (${columnList(key.columns)}) /*T![clustered_index] NONCLUSTERED */`,
    );
    await q.query(`ALTER TABLE \`${key.table}\` DROP INDEX \`${key.replaces}\``);
  }
}

async function addChecks(q: QueryRunner): Promise<void> {
  for (const check of LEDGER_CHECKS) {
    if (await hasCheck(q, check.table, check.name)) continue;
    await q.query(`ALTER TABLE \`${check.table}\` ADD CONSTRAINT \`${check.name}\` CHECK (${check.expression})`);
  }
}

async function hasCheck(q: QueryRunner, table: string, name: string): Promise<boolean> {
  const [row] = (await q.query(
    `SELECT COUNT(*) AS n FROM information_schema.TABLE_CONSTRAINTS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = ? AND CONSTRAINT_TYPE = 'CHECK'`,
    [table, name],
  )) as Array<{ n: number | string }>;
  return Number(row?.n) > 0;
}

const columnList = (columns: string[]) => columns.map((column) => `\`${column}\``).join(', ');
