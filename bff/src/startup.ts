import type { AppDeps } from './deps';
import { bootstrapFirstAdmin } from './domain/admins/create-admin';
import { setLedgerClock } from './domain/ledger/ledger-clock';
import { setRollupTimeZone } from './domain/ledger/report-rollups';

/**
 * Start-up tasks that must run before serving (e.g. the first HQ admin from ADMIN_USERNAME /
 * ADMIN_PASSWORD). Each is idempotent: several instances may start at once.
 */
export const startupTasks: Array<(deps: AppDeps) => Promise<void>> = [
  async (deps) => setRollupTimeZone(deps.config.CHAIN_TIME_ZONE),
  async (deps) => setLedgerClock(deps.clock),
  bootstrapFirstAdmin,
];

export async function bootstrap(deps: AppDeps): Promise<void> {
  for (const task of startupTasks) await task(deps);
}
