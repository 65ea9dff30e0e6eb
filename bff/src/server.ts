import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import { createDataSource, runMigrations } from './db/data-source';
import type { AppDeps } from './deps';
import { payDepsFromConfig } from './domain/pay/pay-deps';
import { type Clock, systemClock } from './domain/shared/clock';
import { DataCrypto } from './domain/shared/data-crypto';
import { createApp } from './http/app';
import type { AnyRoute } from './http/route';
import { type Scheduler, startScheduler } from './jobs/scheduler';
import { createLogger, type Logger } from './logger';
import { createRateLimits, type RateLimits } from './rate-limits';
import { bootstrap } from './startup';
import { MiniProgramClient, miniProgramOptionsFromConfig } from './wechat';
import { DbAccessTokenStore } from './wechat/db-access-token-store';

export interface RunningBff {
  url: string;
  port: number;
  deps: AppDeps;
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  dataSource?: DataSource;
  logger?: Logger;
  clock?: Clock;
  migrate?: boolean;
  extraRoutes?: AnyRoute[];
  host?: string;
  /** Rate limits to use instead of those built from the settings (tests shorten the windows). */
  rateLimits?: RateLimits;
}

/** Connects, optionally migrates, runs start-up tasks and listens. Used by main.ts, the demo and tests. */
export async function startBff(options: StartOptions): Promise<RunningBff> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const dataSource = options.dataSource ?? createDataSource(config.DATABASE_URL);
  if (!dataSource.isInitialized) await dataSource.initialize();
  if (options.migrate) await runMigrations(dataSource);
  const clock = options.clock ?? systemClock;
  const deps: AppDeps = {
    config,
    dataSource,
    logger,
    clock,
    miniProgram: new MiniProgramClient(miniProgramOptionsFromConfig(config, new DbAccessTokenStore(dataSource))),
    dataCrypto: new DataCrypto(config.DATA_KEY),
    rateLimits:
      options.rateLimits ??
      createRateLimits({ redisUrl: config.REDIS_URL, keyPrefix: `${config.REDIS_KEY_PREFIX}:rl` }),
    pay: payDepsFromConfig(config),
  };
  await bootstrap(deps);
  const app = createApp(deps, options.extraRoutes);
  // After createApp: every module (and so every job) is loaded and registered by then.
  const scheduler: Scheduler | null = config.SCHEDULER_ENABLED === 'true' ? startScheduler(deps) : null;
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(config.PORT, options.host ?? config.HOST, () => resolve(listening));
  });
  server.keepAliveTimeout = 5000;
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    deps,
    async close() {
      scheduler?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      if (!options.rateLimits) await deps.rateLimits.close();
      if (!options.dataSource && dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
