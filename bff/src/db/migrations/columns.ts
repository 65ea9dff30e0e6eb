import type { TableColumnOptions } from 'typeorm';

/**
 * Column helpers for portable migrations (MySQL/MariaDB, TiDB and SQLite through TypeORM's
 * Table API). Business ids are app-generated ULIDs.
 */
export const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '26', isPrimary: true });
export const ref = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '26',
  isNullable: nullable,
});
export const text = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
export const longText = (name: string, nullable = true): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: nullable,
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
