import type { AppDeps } from './deps';
import { bootstrapFirstAdmin } from './domain/admins/create-admin';

/**
 * Start-up tasks that must run before serving (e.g. the first HQ admin from ADMIN_USERNAME /
 * ADMIN_PASSWORD). Each is idempotent: several instances may start at once.
 */
export const startupTasks: Array<(deps: AppDeps) => Promise<void>> = [bootstrapFirstAdmin];

export async function bootstrap(deps: AppDeps): Promise<void> {
  for (const task of startupTasks) await task(deps);
}
