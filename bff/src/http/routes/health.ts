import { HealthResponseSchema } from '@tongka/shared-types';
import { RESPONDED } from '../mount-route';
import { defineRoute } from '../route';

export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness and database reachability',
    tag: 'system',
    auth: 'none',
    response: HealthResponseSchema,
    async handle({ deps, ctx }) {
      const up = await deps.dataSource
        .query('SELECT 1')
        .then(() => true)
        .catch(() => false);
      ctx.status = up ? 200 : 503;
      ctx.body = { ok: up, db: up ? 'up' : 'down' };
      return RESPONDED;
    },
  }),
];
