import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BINARY_COLLATION, KEY_COLUMN } from './columns';

/**
 * Identifiers compare exactly (issue #10, finding 3 and 10): a store id in lower case found the
 * store's staff role while code compared it exactly, and order references and idempotency keys
 * differing only in case or accents collided. Every id, reference and key column already in the
 * schema moves to the binary collation; new ones get it from the column helpers.
 *
 * Which columns: `id`, `*_id`, `*_key`, `*_ref`, `*_index`, `*_hash`, `*_code` (keys made of codes;
 * the human store code `stores.code` is normalised at the edge instead) and the external ids
 * `openid`, `unionid`, `appid`, `scope`. Found in information_schema so that tables added before
 * this migration on another branch are covered too. SQLite compares bytes already: nothing to do.
 */
export interface ColumnInfo {
  TABLE_NAME: string;
  COLUMN_NAME: string;
  COLUMN_TYPE: string;
  IS_NULLABLE: string;
  COLUMN_DEFAULT: string | null;
  COLLATION_NAME: string | null;
}

export class ExactIds1732450000000 implements MigrationInterface {
  name = 'ExactIds1732450000000';

  async up(q: QueryRunner): Promise<void> {
    await convert(q, (column) => column.COLLATION_NAME !== BINARY_COLLATION, BINARY_COLLATION);
  }

  async down(q: QueryRunner): Promise<void> {
    await convert(q, (column) => column.COLLATION_NAME === BINARY_COLLATION, 'utf8mb4_unicode_ci');
  }
}

async function convert(q: QueryRunner, pick: (column: ColumnInfo) => boolean, collation: string): Promise<void> {
  await convertColumns(q, (column) => KEY_COLUMN.test(column.COLUMN_NAME) && pick(column), collation);
}

/** Moves the picked varchar/char/text columns (never the migrations table's) to `collation`, one ALTER per table. */
export async function convertColumns(
  q: QueryRunner,
  pick: (column: ColumnInfo) => boolean,
  collation: string,
): Promise<void> {
  if (q.connection.options.type !== 'mysql') return;
  const columns = (await q.query(
    `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLLATION_NAME
       FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND DATA_TYPE IN ('varchar', 'char', 'text')
      ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  )) as ColumnInfo[];
  const byTable = new Map<string, string[]>();
  for (const column of columns) {
    if (!pick(column) || column.TABLE_NAME === 'migrations') continue;
    const clauses = byTable.get(column.TABLE_NAME) ?? [];
    clauses.push(modifyClause(column, collation));
    byTable.set(column.TABLE_NAME, clauses);
  }
  for (const [table, clauses] of byTable) await q.query(`ALTER TABLE \`${table}\` ${clauses.join(', ')}`);
}

function modifyClause(column: ColumnInfo, collation: string): string {
  const nullable = column.IS_NULLABLE === 'YES';
  const fallback = column.COLUMN_DEFAULT;
  // MariaDB reports "no default" of a nullable column as the text NULL; MySQL as SQL NULL.
  const hasDefault = fallback !== null && fallback !== 'NULL';
  const quoted = hasDefault && !fallback.startsWith("'") ? `'${fallback.replace(/'/g, "''")}'` : fallback;
  return [
    `MODIFY \`${column.COLUMN_NAME}\` ${column.COLUMN_TYPE} CHARACTER SET utf8mb4 COLLATE ${collation}`,
    nullable ? 'NULL' : 'NOT NULL',
    hasDefault ? `DEFAULT ${quoted}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
