import type { TableColumnOptions } from 'typeorm';

/**
 * Column helpers for portable migrations (MySQL/MariaDB, TiDB and SQLite through TypeORM's
 * Table API). Business ids are app-generated ULIDs.
 *
 * Identifiers compare exactly (STYLE.md point 16): on MySQL/MariaDB/TiDB the id, ref and key
 * columns carry the binary collation whatever the database's default is, so `a` never finds `A`
 * and `Cöll` never finds `Coll`. SQLite compares text byte for byte already (and knows no
 * utf8mb4 collations), so there the columns carry none.
 */
export type ColumnDialect = 'mysql' | 'sqlite';
let dialect: ColumnDialect = 'mysql';

/** Set by runMigrations before the migrations build their tables (see data-source.ts). */
export function setColumnDialect(next: ColumnDialect): void {
  dialect = next;
}

export const BINARY_COLLATION = 'utf8mb4_bin';
/** Words (names, notes, statuses): one case-insensitive collation all of MariaDB, MySQL 8 and TiDB know. */
export const TEXT_COLLATION = 'utf8mb4_unicode_ci';

/**
 * Columns whose name says they hold an identifier: `id`, `*_id`, `*_key`, `*_ref`, `*_index`,
 * `*_hash`, `*_code` and the external ids. They compare exactly even when declared with `text()`.
 */
export const KEY_COLUMN = /^(id|scope|openid|unionid|appid)$|_(id|key|ref|index|hash|code)$/;

function exact(): Pick<TableColumnOptions, 'charset' | 'collation'> {
  return dialect === 'mysql' ? { charset: 'utf8mb4', collation: BINARY_COLLATION } : {};
}

/** Pinned, never the server's default (which differs between MariaDB, MySQL 8 and TiDB). */
function words(name: string): Pick<TableColumnOptions, 'charset' | 'collation'> {
  if (KEY_COLUMN.test(name)) return exact();
  return dialect === 'mysql' ? { charset: 'utf8mb4', collation: TEXT_COLLATION } : {};
}

export const id = (name = 'id'): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '26',
  isPrimary: true,
  ...exact(),
});
export const ref = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '26',
  isNullable: nullable,
  ...exact(),
});
/**
 * A key compared exactly that is not a ULID: idempotency keys, order references, codes used as
 * keys (coupon codes, pickup codes), external ids (openid, out_trade_no).
 */
export const key = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
  ...exact(),
});
export const text = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
  ...words(name),
});
export const longText = (name: string, nullable = true): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: nullable,
  ...words(name),
});
export const int = (name: string, nullable = false, defaultValue?: number): TableColumnOptions => ({
  name,
  type: 'int',
  isNullable: nullable,
  default: defaultValue,
});
export const bigint = (name: string, nullable = false, defaultValue?: number): TableColumnOptions => ({
  name,
  type: 'bigint',
  isNullable: nullable,
  default: defaultValue,
});
export const bool = (name: string, defaultValue = false): TableColumnOptions => ({
  name,
  type: 'boolean',
  default: defaultValue,
});
/** Millisecond-precision UTC instant. */
export const instant = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});
