import type { AppDeps } from '../deps';
import type { JobLease } from './lease';

export interface JobOptions {
  /** The instant the job runs "as of" (default now): what is due by then gets processed. */
  asOf: Date;
  /** The lease this run holds; long jobs call checkpoint() between batches. */
  lease?: JobLease;
  /** Progress callback for the CLI bar: done so far, total if known. */
  onProgress?: (done: number, total: number | null) => void;
}

export type JobRun = (deps: AppDeps, options: JobOptions) => Promise<{ processed: number }>;

const jobs = new Map<string, JobRun>();

/** Each capability registers its jobs by name (expire-points, send-outbox, refresh-tiers, ...). */
export function registerJob(name: string, run: JobRun): void {
  jobs.set(name, run);
}

export function findJob(name: string): JobRun | undefined {
  return jobs.get(name);
}

export function jobNames(): string[] {
  return [...jobs.keys()].sort();
}
