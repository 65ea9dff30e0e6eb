import type { Clock } from '../../bff/src/domain/shared/clock';
import type { AnyRoute } from '../../bff/src/http/route';
import type { RateLimits } from '../../bff/src/rate-limits';
import { type RunningBff, startBff } from '../../bff/src/server';
import type { Config } from '../../config';
import { afterSuiteChecks } from './suite-checks';
import { testConfig } from './test-config';
import { createSqliteTestDatabase, createTestDatabase, type TestDatabase } from './test-db';

export interface TestBff extends RunningBff {
  db: TestDatabase;
  config: Config;
  api: ApiClient;
}

/**
 * Boots the real Koa app on a random port against a fresh, migrated database. The suite checks
 * (ledger audit, …) run against this database before it is dropped.
 */
export async function bootTestBff(
  options: {
    sqlite?: boolean;
    config?: Record<string, string>;
    clock?: Clock;
    extraRoutes?: AnyRoute[];
    rateLimits?: RateLimits;
  } = {},
): Promise<TestBff> {
  const db = options.sqlite ? await createSqliteTestDatabase() : await createTestDatabase();
  const config = testConfig({ DATABASE_URL: db.url, ...options.config });
  const bff = await startBff({
    config,
    dataSource: db.dataSource,
    clock: options.clock,
    extraRoutes: options.extraRoutes,
    rateLimits: options.rateLimits,
  }).catch(async (error) => {
    await db.drop();
    throw error;
  });
  const api = new ApiClient(bff.url);
  return {
    ...bff,
    db,
    config,
    api,
    async close() {
      try {
        await afterSuiteChecks(db.dataSource);
      } finally {
        await bff.close();
        await db.drop();
      }
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small fetch wrapper: JSON in, JSON out, never throws on 4xx/5xx. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    options: {
      body?: unknown;
      token?: string;
      idempotencyKey?: string;
      headers?: Record<string, string>;
      rawBody?: string;
    } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] ??= 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text so the assertion shows it
    }
    return { status: response.status, body: body as T, headers: response.headers };
  }

  get<T = any>(path: string, token?: string) {
    return this.request<T>('GET', path, { token });
  }

  post<T = any>(path: string, body: unknown, options: { token?: string; idempotencyKey?: string } = {}) {
    return this.request<T>('POST', path, { body, ...options });
  }

  put<T = any>(path: string, body: unknown, options: { token?: string; idempotencyKey?: string } = {}) {
    return this.request<T>('PUT', path, { body, ...options });
  }
}
