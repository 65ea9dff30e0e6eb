import { inTransaction } from '../db/tx';
import type { AppDeps } from '../deps';
import {
  clerkRedemptionAlerts,
  clerkRefundAlerts,
  fewMembersAlerts,
  memberSpikeAlerts,
  type RiskWindow,
} from '../domain/risk/detect-risk';
import { raiseAlert } from '../domain/risk/risk-alerts';
import { sharedDeviceAlerts, sharedPayerAlerts } from '../domain/risk/signup-alerts';
import { defaultRules, ruleInForce } from '../domain/rules/rule-store';
import type { JobOptions } from './registry';

/**
 * The detect-risk job: checks the risk rules over the window before `asOf` and raises what they
 * find (clerk refunds or redemptions far above the store's norm, a clerk's points going to a few members, a member
 * earning far above their usual day, many sign-ups from one login device or one WeChat Pay payer).
 * `processed` counts the alerts this run raised.
 */
export async function detectRiskJob(deps: AppDeps, options: JobOptions): Promise<{ processed: number }> {
  const db = deps.dataSource.manager;
  // A rule saved before the sign-up thresholds existed takes their defaults.
  const rule = { ...defaultRules.risk, ...(await ruleInForce(db, 'risk')).rule };
  const window: RiskWindow = { asOf: options.asOf, timeZone: deps.config.CHAIN_TIME_ZONE, rule };
  const found = [
    ...(await clerkRefundAlerts(db, window)),
    ...(await clerkRedemptionAlerts(db, window)),
    ...(await fewMembersAlerts(db, window)),
    ...(await memberSpikeAlerts(db, window)),
    ...(await sharedDeviceAlerts(db, window)),
    ...(await sharedPayerAlerts(db, window)),
  ];
  let processed = 0;
  for (const alert of found) {
    if (await inTransaction(deps.dataSource, (tx) => raiseAlert(tx, alert))) processed += 1;
    options.onProgress?.(processed, found.length);
  }
  return { processed };
}
