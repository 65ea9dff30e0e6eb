import { Cron } from 'croner';
import type { AppDeps } from '../deps';
import { isAppError } from '../domain/shared/app-error';
import { claimTick } from './job-runs';
import { jobNames } from './registry';
import { runJob } from './run-job';

/**
 * Default schedules (cron, in the chain's time zone) for every job that may be registered; a job
 * another module has not registered yet is simply not scheduled. JOB_SCHEDULES overrides any of
 * them (a pattern, or "off").
 */
export const DEFAULT_SCHEDULES: Record<string, string> = {
  'expire-points': '10 0 * * *',
  'release-pending-points': '*/5 * * * *',
  'refresh-tiers': '30 2 * * *',
  'send-outbox': '* * * * *',
  'detect-risk': '15 * * * *',
  'confirm-rebates': '*/10 * * * *',
  'expire-coupons': '5 0 * * *',
  'reconcile-payments': '*/10 * * * *',
  'release-reward-holds': '*/5 * * * *',
  'send-webhooks': '* * * * *',
  'birthday-gifts': '20 0 * * *',
  'import-members': '*/5 * * * *',
};

/** The schedule in force for each registered job (null: not scheduled). */
export function jobSchedules(deps: Pick<AppDeps, 'config'>): Map<string, string | null> {
  const overrides = deps.config.JOB_SCHEDULES ?? new Map<string, string>();
  const out = new Map<string, string | null>();
  for (const name of jobNames()) {
    const pattern = overrides.get(name) ?? DEFAULT_SCHEDULES[name] ?? null;
    out.set(name, pattern === null || pattern.trim() === 'off' ? null : pattern.trim());
  }
  return out;
}

/** The next instant a pattern fires after `from`, in the chain's time zone (null when never). */
export function nextRunOf(pattern: string, timeZone: string, from: Date): Date | null {
  return new Cron(pattern, { timezone: timeZone, paused: true }).nextRun(from);
}

export interface Scheduler {
  stop(): void;
}

/**
 * Runs each scheduled job on its cron inside this BFF. Every instance fires, but a tick runs once:
 * the instance that claims the tick on the job's lease row (claimTick) runs it under the lease
 * (runJob); the others skip. A run still going when its next tick comes makes that tick skip.
 */
export function startScheduler(deps: AppDeps): Scheduler {
  const zone = deps.config.CHAIN_TIME_ZONE;
  const crons: Cron[] = [];
  for (const [name, pattern] of jobSchedules(deps)) {
    if (!pattern) continue;
    let cron: Cron;
    try {
      cron = new Cron(pattern, { timezone: zone, protect: true }, async () => {
        await runTick(deps, name, tickOf(cron));
      });
    } catch (error) {
      for (const started of crons) started.stop();
      throw new Error(`Invalid setting JOB_SCHEDULES: ${name}: ${(error as Error).message}`);
    }
    crons.push(cron);
  }
  return {
    stop() {
      for (const cron of crons) cron.stop();
    },
  };
}

/** The scheduled instant of the current run, to the second (the same on every instance). */
function tickOf(cron: Cron): Date {
  const at = cron.currentRun() ?? new Date();
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}

export async function runTick(deps: AppDeps, name: string, tick: Date): Promise<'ran' | 'skipped'> {
  try {
    if (!(await claimTick(deps.dataSource, name, tick))) return 'skipped';
    const result = await runJob(deps, name, { asOf: deps.clock.now() });
    deps.logger.info({ job: name, tick: tick.toISOString(), processed: result.processed }, 'scheduled job ran');
    return 'ran';
  } catch (error) {
    if (isAppError(error) && error.code === 'JOB_ALREADY_RUNNING') return 'skipped';
    deps.logger.error({ job: name, err: error }, 'scheduled job failed');
    return 'skipped';
  }
}
