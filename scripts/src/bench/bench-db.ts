import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../../../bff/src/db/data-source';
import { sqlParams } from '../../../bff/src/db/tx';

/** A throwaway MariaDB database for one bench run, migrated, with a TypeORM data source on it. */
export interface BenchDatabase {
  name: string;
  url: string;
  /** The server's `VERSION()`. */
  version: string;
  dataSource: DataSource;
  /** Closes the data source and drops the database (unless `keep`). */
  close(options?: { keep?: boolean }): Promise<void>;
}

/** The server of DATABASE_URL (or the local one), without a database. */
export function benchServerUrl(): string {
  const url = new URL(
    process.env.DATABASE_URL?.startsWith('mysql://') ? process.env.DATABASE_URL : 'mysql://root@127.0.0.1:3306/',
  );
  url.pathname = '/';
  return url.toString();
}

export async function createBenchDatabase(prefix: string, poolSize: number): Promise<BenchDatabase> {
  const name = `tk_bench_${prefix}_${Date.now().toString(36)}`;
  const admin = await createConnection(benchServerUrl());
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const [[{ version }]] = (await admin.query('SELECT VERSION() AS version')) as unknown as [[{ version: string }]];
  const url = new URL(benchServerUrl());
  url.pathname = `/${name}`;
  const dataSource = createDataSource(url.toString(), { poolSize });
  const close = async (options: { keep?: boolean } = {}) => {
    if (dataSource.isInitialized) await dataSource.destroy();
    if (!options.keep) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  };
  try {
    await dataSource.initialize();
    await runMigrations(dataSource);
  } catch (error) {
    await close();
    throw error;
  }
  return { name, url: url.toString(), version, dataSource, close };
}

/** Anything that runs one statement with parameters (a mysql2 pool, a data source). */
export type RunStatement = (sql: string, params: unknown[]) => Promise<unknown>;

/** Multi-row INSERTs of `rows`, `chunk` rows per statement. */
export async function insertRows(
  run: RunStatement,
  table: string,
  columns: string[],
  rows: unknown[][],
  chunk = 2000,
): Promise<void> {
  const marks = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    await run(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${part.map(() => marks).join(', ')}`,
      sqlParams(part.flat()),
    );
  }
}
