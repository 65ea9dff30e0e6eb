import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import type { Failpoints, PayDeps } from './domain/pay/pay-deps';
import type { Clock } from './domain/shared/clock';
import type { DataCrypto } from './domain/shared/data-crypto';
import type { Logger } from './logger';
import type { RateLimits } from './rate-limits';
import type { MiniProgramClient } from './wechat';

/**
 * What a request handler may reach: built once at start (see server.ts) and passed to routes.
 * No request state lives here; the BFF stays stateless between requests.
 */
export interface AppDeps {
  config: Config;
  dataSource: DataSource;
  logger: Logger;
  clock: Clock;
  /** Mini-program API client (WECHAT_API_BASE), its access token shared through the database. */
  miniProgram?: MiniProgramClient;
  /** DATA_KEY encryption and blind indexes (phones, session keys, member-code secrets). */
  dataCrypto?: DataCrypto;
  /** Named rate-limit policies (Redis when REDIS_URL is set, else in memory). */
  rateLimits: RateLimits;
  /** WeChat Pay v3 client and notification keys; absent when WECHATPAY_* is not configured. */
  pay?: PayDeps;
  /** Failure injection for tests; never set in production. */
  failpoints?: Failpoints;
}
