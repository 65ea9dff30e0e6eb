import type { AppDeps } from '../deps';
import { isAppError } from '../domain/shared/app-error';
import { runJob } from './run-job';

const RETRY_MS = 1_000;

/**
 * Runs a job in the background after a route recorded work for it (a coupon issue, a member import).
 * When another runner holds the job's lease, that runner picks the new work up before it stops; this
 * keeps trying a while in case it was just finishing. A crash leaves the work recorded; the next run
 * of the job resumes it.
 */
export function driveJob(deps: AppDeps, name: string, attemptsLeft = 30): void {
  runJob(deps, name).catch((error) => {
    if (isAppError(error) && error.code === 'JOB_ALREADY_RUNNING' && attemptsLeft > 0) {
      setTimeout(() => driveJob(deps, name, attemptsLeft - 1), RETRY_MS).unref();
      return;
    }
    deps.logger.warn({ err: error }, `${name} run stopped; the next run of the job resumes it`);
  });
}
