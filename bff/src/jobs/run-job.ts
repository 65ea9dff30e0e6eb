import type { AppDeps } from '../deps';
import { AppError } from '../domain/shared/app-error';
import { recordJobEnd, recordJobStart } from './job-runs';
import { tryAcquireLease } from './lease';
import { findJob, type JobOptions, jobNames } from './registry';

/**
 * Runs a registered job to completion under its lease: used by POST /api/admin/jobs/:name/run
 * and `npm run cli -- job <name>`. A second runner while the lease is held gets
 * JOB_ALREADY_RUNNING; the work itself is also safe to overlap (jobs claim rows one by one).
 */
export async function runJob(
  deps: AppDeps,
  name: string,
  options: Partial<Pick<JobOptions, 'asOf' | 'onProgress'>> & { leaseMs?: number } = {},
): Promise<{ job: string; processed: number }> {
  const run = findJob(name);
  if (!run) throw new AppError('JOB_NOT_FOUND', 'There is no job with this name.', { job: name, jobs: jobNames() });
  const lease = await tryAcquireLease(deps.dataSource, name, options.leaseMs);
  if (!lease)
    throw new AppError('JOB_ALREADY_RUNNING', 'This job is already running on another instance.', { job: name });
  const asOf = options.asOf ?? deps.clock.now();
  let finished = false;
  const startedAt = new Date();
  await recordJobStart(deps.dataSource, name, startedAt);
  let processed: number | null = null;
  let error: string | null = null;
  try {
    ({ processed } = await run(deps, { asOf, lease, onProgress: options.onProgress }));
    finished = true;
    return { job: name, processed };
  } catch (failure) {
    error = (failure as Error).message ?? String(failure);
    throw failure;
  } finally {
    await recordJobEnd(deps.dataSource, name, { startedAt, finishedAt: new Date(), processed, error }).catch(
      () => undefined,
    );
    await lease.release(finished);
  }
}
