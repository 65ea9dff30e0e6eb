import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../../bff/src/db/data-source';

/** The server named by DATABASE_URL (default: the local MariaDB), without the database part. */
export function serverUrl(): string {
  const url = new URL(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test');
  url.pathname = '/';
  return url.toString();
}

export interface TestDatabase {
  name: string;
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/** A fresh database built by the migrations, dropped afterwards. One per test file. */
export async function createTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const name = `tk_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = await createConnection(serverUrl());
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const dataSource = createDataSource(url.toString(), options);
  await dataSource.initialize();
  await runMigrations(dataSource);
  return {
    name,
    url: url.toString(),
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      const conn = await createConnection(serverUrl());
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

/** A throwaway SQLite database file for the embedded-mode smoke run. */
export async function createSqliteTestDatabase(): Promise<TestDatabase> {
  const name = `/tmp/tk_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}.sqlite`;
  const dataSource = createDataSource(`sqlite:${name}`);
  await dataSource.initialize();
  await runMigrations(dataSource);
  return {
    name,
    url: `sqlite:${name}`,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      const { rmSync } = await import('node:fs');
      for (const suffix of ['', '-wal', '-shm']) rmSync(name + suffix, { force: true });
    },
  };
}
