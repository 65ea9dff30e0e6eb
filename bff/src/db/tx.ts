import type { DataSource, EntityManager } from 'typeorm';

export type Tx = EntityManager;
export type TxWork<T> = (tx: Tx) => Promise<T>;

const RETRYABLE_MYSQL_ERRNOS = new Set([1213 /* deadlock */, 1205 /* lock wait timeout */]);
const MAX_ATTEMPTS = 6;

export function isRetryableTxError(error: unknown): boolean {
  const errno =
    (error as { errno?: number; driverError?: { errno?: number } })?.errno ??
    (error as { driverError?: { errno?: number } })?.driverError?.errno;
  return errno !== undefined && RETRYABLE_MYSQL_ERRNOS.has(errno);
}

export function isSqlite(dataSource: DataSource): boolean {
  return dataSource.options.type === 'better-sqlite3';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Serialises SQLite transactions: one connection must never interleave two of them. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
const sqliteLocks = new WeakMap<DataSource, Mutex>();

/**
 * The one way to open a transaction (STYLE.md point 3): READ COMMITTED on MySQL, the whole unit
 * of work retried with jittered backoff on deadlock (1213) and lock-wait timeout (1205, after an
 * explicit rollback), the transactional EntityManager handed down. Nested use is a bug: pass tx.
 */
export async function inTransaction<T>(dataSource: DataSource, work: TxWork<T>): Promise<T> {
  if (isSqlite(dataSource)) {
    let lock = sqliteLocks.get(dataSource);
    if (!lock) sqliteLocks.set(dataSource, (lock = new Mutex()));
    return lock.run(() => attempt(dataSource, work, undefined));
  }
  for (let attemptNo = 1; ; attemptNo++) {
    try {
      return await attempt(dataSource, work, 'READ COMMITTED');
    } catch (error) {
      if (!isRetryableTxError(error) || attemptNo >= MAX_ATTEMPTS) throw error;
      await sleep(Math.random() * 20 * 2 ** attemptNo);
    }
  }
}

async function attempt<T>(dataSource: DataSource, work: TxWork<T>, isolation?: 'READ COMMITTED'): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  // Per-transaction notes (e.g. ledger accounts created here); SQLite reuses one runner.
  runner.data = {};
  try {
    await runner.startTransaction(isolation);
    try {
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  } finally {
    await runner.release();
  }
}

/** Runs a write statement and returns the affected-row count on both MySQL and SQLite. */
export async function execute(tx: Tx, sql: string, params: unknown[] = []): Promise<number> {
  const runner = tx.queryRunner ?? tx.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, sqlParams(params), true);
    return Number(result.affected ?? 0);
  } finally {
    if (!tx.queryRunner) await runner.release();
  }
}

/** Runs a read and returns its rows. */
export async function select<Row>(tx: Tx, sql: string, params: unknown[] = []): Promise<Row[]> {
  return (await tx.query(sql, sqlParams(params))) as Row[];
}

/** True when the error is a unique-key violation on MySQL/MariaDB or SQLite. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = e?.code ?? e?.driverError?.code;
  const errno = e?.errno ?? e?.driverError?.errno;
  return (
    code === 'ER_DUP_ENTRY' ||
    errno === 1062 ||
    String(code).startsWith('SQLITE_CONSTRAINT_UNIQUE') ||
    String(code) === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * Portable parameters: instants as UTC 'YYYY-MM-DD HH:MM:SS.mmm' text (what DATETIME(3) takes on
 * MySQL and what TypeORM stores on SQLite), booleans as 1/0.
 */
export function sqlParams(params: unknown[]): unknown[] {
  return params.map((value) => {
    if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value;
  });
}

/** Reads an instant column: a Date from mysql2, UTC text from SQLite. */
export function readInstant(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}
