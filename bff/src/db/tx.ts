import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

export type Tx = EntityManager;
export type TxWork<T> = (tx: Tx) => Promise<T>;

/**
 * Errors after which the whole transaction is retried: MySQL/MariaDB deadlock and lock-wait
 * timeout, and the errors TiDB documents as "retry the transaction" (docs/tidb.md).
 */
const RETRYABLE_MYSQL_ERRNOS = new Set([
  1213 /* deadlock */, 1205 /* lock wait timeout */, 8002 /* TiDB: SELECT ... FOR UPDATE write conflict */,
  8022 /* TiDB: transaction commit failed, retry */, 8028 /* TiDB: information schema changed */,
  9007 /* TiDB: write conflict */,
]);
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

function sqliteLock(dataSource: DataSource): Mutex {
  let lock = sqliteLocks.get(dataSource);
  if (!lock) sqliteLocks.set(dataSource, (lock = new Mutex()));
  return lock;
}

/** Set while a SQLite transaction's work runs (statements issued inside it belong to it). */
const insideSqliteTx = new AsyncLocalStorage<true>();

/**
 * SQLite has one connection: a statement issued outside any transaction while another request's
 * transaction is open would run inside it (and vanish with its rollback, or read what it has not
 * committed). Such statements wait for the running transaction instead.
 */
function outsideSqliteTx<T>(db: Tx, run: () => Promise<T>): Promise<T> {
  if (!isSqlite(db.connection) || db.queryRunner || insideSqliteTx.getStore()) return run();
  return sqliteLock(db.connection).run(run);
}

/**
 * The one way to open a transaction (STYLE.md point 3): READ COMMITTED on MySQL, the whole unit
 * of work retried with jittered backoff on deadlock (1213) and lock-wait timeout (1205, after an
 * explicit rollback), the transactional EntityManager handed down. Nested use is a bug: pass tx.
 */
export async function inTransaction<T>(dataSource: DataSource, work: TxWork<T>): Promise<T> {
  if (isSqlite(dataSource)) {
    return sqliteLock(dataSource).run(() => insideSqliteTx.run(true, () => attemptWithTypeorm(dataSource, work)));
  }
  for (let attemptNo = 1; ; attemptNo++) {
    try {
      return await attemptOnMysql(dataSource, work);
    } catch (error) {
      if (!isRetryableTxError(error) || attemptNo >= MAX_ATTEMPTS) throw error;
      await sleep(Math.random() * 20 * 2 ** attemptNo);
    }
  }
}

/** One try of a MySQL transaction, on mysql2 directly (READ COMMITTED, see ensureReadCommitted). */
async function attemptOnMysql<T>(dataSource: DataSource, work: TxWork<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const conn = (await runner.connect()) as MysqlConnection;
  // Per-transaction notes (e.g. ledger accounts created here) and work queued for the commit.
  runner.data = { beforeCommit: new Map() };
  try {
    await ensureReadCommitted(conn);
    await mysqlQuery(conn, 'START TRANSACTION');
    // TypeORM's own helpers must see the transaction (and never open a nested one).
    const state = runner as { isTransactionActive: boolean };
    state.isTransactionActive = true;
    try {
      const result = await work(runner.manager);
      await runBeforeCommit(runner.manager);
      await mysqlQuery(conn, 'COMMIT');
      return result;
    } catch (error) {
      await mysqlQuery(conn, 'ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      state.isTransactionActive = false;
    }
  } finally {
    await runner.release();
  }
}

/**
 * A read-only view of one instant: on MySQL a REPEATABLE READ transaction started WITH
 * CONSISTENT SNAPSHOT, so reads spread over several statements (the ledger audit) agree with each
 * other while writers go on; on SQLite an ordinary (serialised) transaction.
 */
export async function inSnapshot<T>(dataSource: DataSource, work: TxWork<T>): Promise<T> {
  if (isSqlite(dataSource)) return inTransaction(dataSource, work);
  const runner = dataSource.createQueryRunner();
  const conn = (await runner.connect()) as MysqlConnection;
  runner.data = {};
  try {
    // SET TRANSACTION (no SESSION) applies to the next transaction only. TiDB refuses the
    // combined `WITH CONSISTENT SNAPSHOT, READ ONLY` form; MySQL, MariaDB and TiDB all take the
    // access mode from SET TRANSACTION and the snapshot from START TRANSACTION (one characteristic
    // per SET: TiDB's grammar takes no list).
    await mysqlQuery(conn, 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await mysqlQuery(conn, 'SET TRANSACTION READ ONLY');
    await mysqlQuery(conn, 'START TRANSACTION WITH CONSISTENT SNAPSHOT');
    try {
      return await work(runner.manager);
    } finally {
      await mysqlQuery(conn, 'ROLLBACK').catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}

export type CommitHook = (tx: Tx) => Promise<void>;

/**
 * Queues `hook` (once per name) to run inside the transaction just before it commits, after all
 * its other statements: e.g. the report rollups add up what the transaction moved and write it in
 * one statement, so their rows are locked only for the last moment. False when `tx` is not a
 * transaction opened by inTransaction (the caller then does the work at once).
 */
export function beforeCommit(tx: Tx, name: string, hook: CommitHook): boolean {
  const hooks = (tx.queryRunner?.data as { beforeCommit?: Map<string, CommitHook> } | undefined)?.beforeCommit;
  if (!hooks) return false;
  if (!hooks.has(name)) hooks.set(name, hook);
  return true;
}

async function runBeforeCommit(tx: Tx): Promise<void> {
  const hooks = (tx.queryRunner?.data as { beforeCommit?: Map<string, CommitHook> } | undefined)?.beforeCommit;
  if (!hooks) return;
  for (const hook of hooks.values()) await hook(tx);
}

/** SQLite: TypeORM's transaction calls on its one shared runner. */
async function attemptWithTypeorm<T>(dataSource: DataSource, work: TxWork<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  runner.data = { beforeCommit: new Map() };
  try {
    await runner.startTransaction();
    try {
      const result = await work(runner.manager);
      await runBeforeCommit(runner.manager);
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

/** The part of a mysql2 (callback API) connection or pool used here. */
interface MysqlConnection {
  query(sql: string, values: unknown[], callback: (error: Error | null, result: unknown) => void): void;
  execute(sql: string, values: unknown[], callback: (error: Error | null, result: unknown) => void): void;
}

/** Pooled connections that already run READ COMMITTED (set once per connection, not per transaction). */
const readCommitted = new WeakSet<object>();

async function ensureReadCommitted(conn: MysqlConnection): Promise<void> {
  if (readCommitted.has(conn)) return;
  await mysqlQuery(conn, 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
  readCommitted.add(conn);
}

/**
 * Statements with parameters go as prepared statements (binary protocol; mysql2 keeps them per
 * connection, so the server parses each distinct statement once); the rest as plain text.
 */
function mysqlQuery(conn: MysqlConnection, sql: string, params: unknown[] = []): Promise<any> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, result: unknown) => (error ? reject(error) : resolve(result));
    if (params.length > 0) conn.execute(sql, params, done);
    else conn.query(sql, params, done);
  });
}

/**
 * Where a statement goes on MySQL: the transaction's connection, or the pool outside one. Straight
 * to mysql2 (the same connections TypeORM opened, with its settings): TypeORM's query path adds
 * events, timers and result wrapping to each of the ~40 statements of a checkout.
 */
function mysqlTarget(db: Tx): MysqlConnection | null {
  if (isSqlite(db.connection)) return null;
  const runner = db.queryRunner as { databaseConnection?: MysqlConnection; isReleased?: boolean } | undefined;
  if (runner) {
    // Its connection went back to the pool with the transaction: never run on someone else's.
    if (runner.isReleased) throw new Error('this transaction has already ended; pass the live one');
    return runner.databaseConnection ?? null;
  }
  return (db.connection.driver as unknown as { pool?: MysqlConnection }).pool ?? null;
}

/** Runs a write statement and returns the affected-row count on both MySQL and SQLite. */
export async function execute(tx: Tx, sql: string, params: unknown[] = []): Promise<number> {
  const conn = mysqlTarget(tx);
  if (conn) {
    const result = (await mysqlQuery(conn, sql, sqlParams(params))) as { affectedRows?: number };
    return Number(result?.affectedRows ?? 0);
  }
  return outsideSqliteTx(tx, async () => {
    const runner = tx.queryRunner ?? tx.connection.createQueryRunner();
    try {
      const result = await runner.query(sql, sqlParams(params), true);
      return Number(result.affected ?? 0);
    } finally {
      if (!tx.queryRunner) await runner.release();
    }
  });
}

/** Runs a read and returns its rows. */
export async function select<Row>(tx: Tx, sql: string, params: unknown[] = []): Promise<Row[]> {
  const conn = mysqlTarget(tx);
  if (conn) return (await mysqlQuery(conn, sql, sqlParams(params))) as Row[];
  return outsideSqliteTx(tx, async () => (await tx.query(sql, sqlParams(params))) as Row[]);
}

/**
 * Runs a read and hands its rows over one at a time as the database sends them (MySQL: mysql2's
 * row stream on a pooled connection, paused while the consumer is behind), so a result of millions
 * of rows never sits in memory. SQLite reads the rows at once (embedded mode is for small chains).
 */
export async function* streamRows<Row>(db: Tx, sql: string, params: unknown[] = []): AsyncGenerator<Row> {
  const target = mysqlTarget(db) as unknown as StreamingTarget | null;
  if (!target) {
    yield* await select<Row>(db, sql, params);
    return;
  }
  const rows = target.query(sql, sqlParams(params)).stream({ highWaterMark: 256 });
  for await (const row of rows) yield row as Row;
}

/** A mysql2 (callback API) pool or connection: query without a callback answers a streamable command. */
interface StreamingTarget {
  query(sql: string, values: unknown[]): { stream(options: { highWaterMark: number }): AsyncIterable<unknown> };
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
    return value === undefined ? null : value;
  });
}

/** Reads an instant column: a Date from mysql2, UTC text from SQLite. */
export function readInstant(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}
