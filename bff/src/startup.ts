import type { AppDeps } from './deps';

/**
 * Start-up tasks that must run before serving (e.g. the first HQ admin from ADMIN_USERNAME /
 * ADMIN_PASSWORD). Each is idempotent: several instances may start at once.
 */
export const startupTasks: Array<(deps: AppDeps) => Promise<void>> = [];

export async function bootstrap(deps: AppDeps): Promise<void> {
  for (const task of startupTasks) await task(deps);
}
