import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { execute, isUniqueViolation, select } from '../db/tx';

export const DEFAULT_LEASE_MS = 60_000;

/**
 * A job holds a row in `job_leases` (not an in-process lock, not GET_LOCK) so that only one
 * instance of the BFF or CLI runs a job at a time; a crashed holder's lease simply runs out and
 * the next run takes over, reading the progress the last checkpoint stored.
 */
export interface JobLease {
  name: string;
  owner: string;
  /** What the previous holder stored at its last checkpoint (null when the last run finished). */
  resumedProgress: unknown;
  /** Stores progress and extends the lease; throws if another runner took the lease over. */
  checkpoint(progress: unknown): Promise<void>;
  /** Gives the lease up; a finished run clears the progress, a failed one keeps it to resume. */
  release(finished: boolean): Promise<void>;
}

export class LeaseLostError extends Error {}

export async function tryAcquireLease(
  dataSource: DataSource,
  name: string,
  leaseMs = DEFAULT_LEASE_MS,
): Promise<JobLease | null> {
  const owner = `${process.pid}-${randomBytes(6).toString('hex')}`;
  await ensureLeaseRow(dataSource, name);
  const now = new Date();
  const taken = await execute(
    dataSource.manager,
    'UPDATE job_leases SET owner = ?, lease_until = ? WHERE name = ? AND (owner IS NULL OR lease_until IS NULL OR lease_until < ?)',
    [owner, new Date(now.getTime() + leaseMs), name, now],
  );
  if (taken !== 1) return null;
  const [row] = await select<{ progress: string | null }>(
    dataSource.manager,
    'SELECT progress FROM job_leases WHERE name = ?',
    [name],
  );
  const resumedProgress = row?.progress ? JSON.parse(row.progress) : null;
  return {
    name,
    owner,
    resumedProgress,
    async checkpoint(progress) {
      const kept = await execute(
        dataSource.manager,
        'UPDATE job_leases SET lease_until = ?, progress = ? WHERE name = ? AND owner = ?',
        [new Date(Date.now() + leaseMs), JSON.stringify(progress), name, owner],
      );
      if (kept !== 1) throw new LeaseLostError(`the lease on job ${name} was taken over`);
    },
    async release(finished) {
      await execute(
        dataSource.manager,
        `UPDATE job_leases SET owner = NULL, lease_until = NULL${finished ? ', progress = NULL' : ''} WHERE name = ? AND owner = ?`,
        [name, owner],
      );
    },
  };
}

async function ensureLeaseRow(dataSource: DataSource, name: string): Promise<void> {
  const rows = await select(dataSource.manager, 'SELECT name FROM job_leases WHERE name = ?', [name]);
  if (rows.length > 0) return;
  try {
    await execute(
      dataSource.manager,
      'INSERT INTO job_leases (name, owner, lease_until, progress) VALUES (?, NULL, NULL, NULL)',
      [name],
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}
