import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';
import { setColumnDialect } from './migrations/columns';

export type DatabaseKind = 'mysql' | 'sqlite';

export function databaseKind(url: string): DatabaseKind {
  return url.startsWith('sqlite:') ? 'sqlite' : 'mysql';
}

/** Builds the TypeORM DataSource from DATABASE_URL. Schema comes from migrations only. */
export function createDataSource(url: string, options: { poolSize?: number } = {}): DataSource {
  const common = { entities, migrations, synchronize: false, migrationsRun: false, logging: false } as const;
  if (databaseKind(url) === 'sqlite') {
    const database = url.slice('sqlite:'.length);
    if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
    return new DataSource({
      ...common,
      type: 'better-sqlite3',
      database,
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
      },
    });
  }
  return new DataSource({
    ...common,
    type: 'mysql',
    url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: false,
    poolSize: options.poolSize ?? 20,
    extra: {
      connectionLimit: options.poolSize ?? 20,
      waitForConnections: true,
      // Statements run as prepared statements (db/tx.ts), kept per connection. The server caps them
      // for all its clients together (max_prepared_stmt_count, 16,382 by default): a small cache per
      // connection keeps the hot ones (a checkout uses about 40) and leaves room for many BFF
      // instances; the least recently used are closed on the server.
      maxPreparedStatements: 128,
    },
  });
}

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  setColumnDialect(dataSource.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql');
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((migration) => migration.name);
}
