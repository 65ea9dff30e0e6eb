import { JobParamsSchema, RunJobRequestSchema, RunJobResponseSchema } from '@tongka/shared-types';
import { runJob } from '../../jobs';
import { defineRoute } from '../route';

export const jobRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/admin/jobs/:name/run',
    summary: 'Runs a job (expire-points, send-outbox, refresh-tiers, ...) to completion as of an instant',
    tag: 'admin',
    auth: 'admin',
    params: JobParamsSchema,
    body: RunJobRequestSchema,
    response: RunJobResponseSchema,
    handle: ({ deps, params, body }) =>
      runJob(deps, params.name, { asOf: body.asOf ? new Date(body.asOf) : undefined }),
  }),
];
