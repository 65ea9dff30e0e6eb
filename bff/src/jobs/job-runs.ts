import type { DataSource } from 'typeorm';
import { execute, isUniqueViolation, readInstant, select } from '../db/tx';

/** What GET /api/admin/jobs shows about a job's last run, kept on its lease row. */
export async function recordJobStart(dataSource: DataSource, name: string, at: Date): Promise<void> {
  await execute(dataSource.manager, 'UPDATE job_leases SET last_started_at = ? WHERE name = ?', [at, name]);
}

export async function recordJobEnd(
  dataSource: DataSource,
  name: string,
  run: { startedAt: Date; finishedAt: Date; processed: number | null; error: string | null },
): Promise<void> {
  await execute(
    dataSource.manager,
    'UPDATE job_leases SET last_finished_at = ?, last_duration_ms = ?, last_processed = ?, last_error = ? WHERE name = ?',
    [
      run.finishedAt,
      Math.max(0, run.finishedAt.getTime() - run.startedAt.getTime()),
      run.processed,
      run.error === null ? null : run.error.slice(0, 500),
      name,
    ],
  );
}

/**
 * Claims one scheduled tick of a job: the conditional UPDATE on `last_tick` lets exactly one of
 * several instances firing for the same instant go on (the others see it taken and skip).
 */
export async function claimTick(dataSource: DataSource, name: string, tick: Date): Promise<boolean> {
  const rows = await select(dataSource.manager, 'SELECT name FROM job_leases WHERE name = ?', [name]);
  if (rows.length === 0) {
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
  const claimed = await execute(
    dataSource.manager,
    'UPDATE job_leases SET last_tick = ? WHERE name = ? AND (last_tick IS NULL OR last_tick < ?)',
    [tick, name, tick],
  );
  return claimed === 1;
}

export interface JobRunRow {
  name: string;
  owner: string | null;
  lease_until: unknown;
  last_started_at: unknown;
  last_finished_at: unknown;
  last_duration_ms: number | string | null;
  last_processed: number | string | null;
  last_error: string | null;
}

export async function jobRunRows(dataSource: DataSource): Promise<Map<string, JobRunRow>> {
  const rows = await select<JobRunRow>(
    dataSource.manager,
    'SELECT name, owner, lease_until, last_started_at, last_finished_at, last_duration_ms, last_processed, last_error FROM job_leases',
  );
  return new Map(rows.map((row) => [row.name, row]));
}

export const instantOrNull = (value: unknown) =>
  value === null || value === undefined ? null : readInstant(value).toISOString();
