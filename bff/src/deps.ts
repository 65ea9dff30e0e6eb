import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import type { Clock } from './domain/shared/clock';
import type { Logger } from './logger';

/**
 * What a request handler may reach: built once at start (see server.ts) and passed to routes.
 * No request state lives here; the BFF stays stateless between requests.
 */
export interface AppDeps {
  config: Config;
  dataSource: DataSource;
  logger: Logger;
  clock: Clock;
}
