import type { DataSource } from 'typeorm';

export interface RecordedStatement {
  sql: string;
  params: unknown[];
}

type Callback = (...args: unknown[]) => void;
interface Sendable {
  execute(sql: unknown, values?: unknown, callback?: Callback): unknown;
  query(sql: unknown, values?: unknown, callback?: Callback): unknown;
}
interface MysqlPool extends Sendable {
  getConnection(callback: (error: Error | null, conn: Sendable) => void): void;
}

/**
 * Records every statement the server sends to MySQL/MariaDB (pool statements and those of
 * transactions' pooled connections), exactly as sent: the EXPLAIN checks run what the code runs,
 * never a hand-copied statement that could drift from it.
 */
export class SqlRecorder {
  private statements: RecordedStatement[] = [];
  private recording = false;
  private readonly wrapped = new WeakSet<object>();

  constructor(dataSource: DataSource) {
    const pool = (dataSource.driver as unknown as { pool: MysqlPool }).pool;
    // The pool's own execute/query take a connection through getConnection too: wrapping the
    // connections it hands out sees every statement once.
    const getConnection = pool.getConnection.bind(pool);
    pool.getConnection = (callback) =>
      getConnection((error, conn) => {
        if (conn) this.wrap(conn);
        callback(error, conn);
      });
  }

  private wrap(target: Sendable): void {
    if (this.wrapped.has(target)) return;
    this.wrapped.add(target);
    for (const method of ['execute', 'query'] as const) {
      const original = target[method].bind(target);
      target[method] = (sql: unknown, values?: unknown, callback?: Callback) => {
        if (this.recording) {
          const command = typeof sql === 'string' ? { sql, values } : (sql as { sql?: string; values?: unknown });
          const params = Array.isArray(values) ? values : Array.isArray(command.values) ? command.values : [];
          if (command.sql) this.statements.push({ sql: command.sql, params: [...params] });
        }
        return original(sql, values, callback);
      };
    }
  }

  /** The statements sent while `work` ran. */
  async during(work: () => Promise<unknown>): Promise<RecordedStatement[]> {
    this.statements = [];
    this.recording = true;
    try {
      await work();
    } finally {
      this.recording = false;
    }
    return this.statements;
  }
}
