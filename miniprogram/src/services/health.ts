import { request } from './http';
import type { Health } from './types';

export type HealthState = 'up' | 'degraded' | 'offline';

/** `up` when the BFF and its database answer, `degraded` on 503, `offline` when unreachable. */
export async function checkHealth(): Promise<HealthState> {
  try {
    const health = await request<Health>({
      method: 'GET',
      path: '/healthz',
      retryOnUnauthorized: false,
    });
    return health.ok ? 'up' : 'degraded';
  } catch (error) {
    const status = (error as { status?: number }).status ?? 0;
    return status === 0 ? 'offline' : 'degraded';
  }
}
