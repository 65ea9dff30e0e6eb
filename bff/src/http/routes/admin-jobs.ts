import { JobListSchema, type JobStatus } from '@tongka/shared-types';
import { z } from 'zod';
import { readInstant } from '../../db/tx';
import { instantOrNull, jobRunRows } from '../../jobs/job-runs';
import { jobSchedules, nextRunOf } from '../../jobs/scheduler';
import { type AnyRoute, defineRoute } from '../route';

/** Every registered job: its schedule, last run (duration, processed, error) and next run. */
export const adminJobListRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/admin/jobs',
    summary: 'Registered jobs with their schedule, last run (duration, processed count, error) and next run',
    tag: 'admin',
    auth: 'adminRead',
    query: z.object({}).strict(),
    response: JobListSchema,
    async handle({ deps }) {
      const rows = await jobRunRows(deps.dataSource);
      const now = deps.clock.now();
      const enabled = deps.config.SCHEDULER_ENABLED === 'true';
      const items: JobStatus[] = [...jobSchedules(deps)].map(([name, schedule]) => {
        const row = rows.get(name);
        const leaseUntil = row?.lease_until ? readInstant(row.lease_until) : null;
        const next = enabled && schedule ? nextRunOf(schedule, deps.config.CHAIN_TIME_ZONE, now) : null;
        return {
          name,
          schedule,
          // Leases are timed by the wall clock (jobs/lease.ts), whatever clock the app runs on.
          running: Boolean(row?.owner && leaseUntil && leaseUntil > new Date()),
          lastStartedAt: instantOrNull(row?.last_started_at),
          lastFinishedAt: instantOrNull(row?.last_finished_at),
          lastDurationMs: row?.last_duration_ms == null ? null : Number(row.last_duration_ms),
          lastProcessed: row?.last_processed == null ? null : Number(row.last_processed),
          lastError: row?.last_error ?? null,
          nextRunAt: next ? next.toISOString() : null,
        };
      });
      return { items, schedulerEnabled: enabled };
    },
  }),
];
