import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { createDataSource } from '../../../bff/src/db/data-source';
import type { AppDeps } from '../../../bff/src/deps';
import { systemClock } from '../../../bff/src/domain/shared/clock';
import { DataCrypto } from '../../../bff/src/domain/shared/data-crypto';
import { createRateLimits } from '../../../bff/src/rate-limits';
import '../../../bff/src/http/routes'; // loads every module, so each one's jobs are registered
import { setRollupTimeZone } from '../../../bff/src/domain/ledger/report-rollups';
import { jobNames, runJob } from '../../../bff/src/jobs';
import { createLogger } from '../../../bff/src/logger';
import { MiniProgramClient, miniProgramOptionsFromConfig } from '../../../bff/src/wechat';
import { DbAccessTokenStore } from '../../../bff/src/wechat/db-access-token-store';
import { loadCliConfigOrExit } from '../../../config';

/** `job <name> [--as-of ISO]`: runs a job to completion under its lease, with a progress bar. */
export function registerJobCommand(program: Command): void {
  program
    .command('job')
    .description(`run a job to completion (${jobNames().join(', ')})`)
    .argument('<name>')
    .option('--as-of <iso>', 'process what is due as of this instant (default now)')
    .action(async (name: string, options: { asOf?: string }) => {
      const asOf = options.asOf ? new Date(options.asOf) : undefined;
      if (asOf && Number.isNaN(asOf.getTime())) throw new Error('--as-of must be an ISO 8601 instant');
      const config = loadCliConfigOrExit(process.env);
      setRollupTimeZone(config.CHAIN_TIME_ZONE); // report rollups count days in the chain's zone
      const dataSource = createDataSource(config.DATABASE_URL, { poolSize: 4 });
      await dataSource.initialize();
      const deps: AppDeps = {
        config,
        dataSource,
        logger: createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL),
        clock: systemClock,
        miniProgram: new MiniProgramClient(miniProgramOptionsFromConfig(config, new DbAccessTokenStore(dataSource))),
        dataCrypto: new DataCrypto(config.DATA_KEY),
        // Jobs take no requests: their limits stay in this process and are never consulted.
        rateLimits: createRateLimits({ keyPrefix: 'job' }),
      };
      const bar = new SingleBar({ format: `${name} [{bar}] {value} processed`, hideCursor: true });
      bar.start(0, 0);
      try {
        const result = await runJob(deps, name, {
          asOf,
          onProgress: (done, total) => {
            bar.setTotal(total ?? Math.max(done, 1));
            bar.update(done);
          },
        });
        bar.stop();
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } finally {
        bar.stop();
        await dataSource.destroy();
      }
    });
}
