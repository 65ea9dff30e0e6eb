import type { DataSource } from 'typeorm';

/**
 * Checks that must hold after every component-test file, run against its database before it is
 * dropped. The ledger audit registers itself here.
 */
export type SuiteCheck = (dataSource: DataSource) => Promise<void>;
const checks: SuiteCheck[] = [];

export function registerSuiteCheck(check: SuiteCheck): void {
  checks.push(check);
}

export async function afterSuiteChecks(dataSource: DataSource): Promise<void> {
  for (const check of checks) await check(dataSource);
}
