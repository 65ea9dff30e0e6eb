import type { AppDeps } from '../../deps';
import { registerJob } from '../../jobs/registry';
import { runJob } from '../../jobs/run-job';
import { registerCheckoutHook } from '../checkout/checkout-hooks';
import { mergeHooks } from '../identity/merge-hooks';
import { memberOverviewParts } from '../ledger';
import { isAppError } from '../shared/app-error';
import { restoreCheckoutCoupons, useCheckoutCoupons } from './checkout-coupons';
import { expireCouponsJob } from './expire-coupons';
import { issueCouponsJob } from './issue-coupons';
import { countAvailableCoupons } from './member-coupons';
import { moveCouponsOnMerge } from './move-coupons-on-merge';

/** Plugs coupons into the core's seams (docs/extending.md); loaded once with the routes. */
registerCheckoutHook({
  name: 'coupons',
  async afterCheckout(tx, facts) {
    if (facts.coupons.length === 0) return;
    await useCheckoutCoupons(tx, {
      checkoutId: facts.checkoutId,
      storeId: facts.storeId,
      lines: facts.coupons,
      at: facts.at,
    });
  },
  async afterRefund(tx, facts) {
    if (!facts.isFinal) return;
    const restored = await restoreCheckoutCoupons(tx, facts);
    return { couponsRestored: restored > 0 };
  },
});
if (!mergeHooks.some((hook) => hook.name === moveCouponsOnMerge.name)) mergeHooks.push(moveCouponsOnMerge);
memberOverviewParts.couponsAvailable = countAvailableCoupons;
registerJob('expire-coupons', expireCouponsJob);
registerJob('issue-coupons', issueCouponsJob);

const RETRY_MS = 1_000;

/**
 * Runs the issue job in the background after an issue is recorded. When another runner holds the
 * job's lease, that runner picks the new issue up before it stops; this keeps trying a while in case
 * it was just finishing. A crash leaves the issue running; the next run of `issue-coupons` resumes it.
 */
export function driveCouponIssues(deps: AppDeps, attemptsLeft = 30): void {
  runJob(deps, 'issue-coupons').catch((error) => {
    if (isAppError(error) && error.code === 'JOB_ALREADY_RUNNING' && attemptsLeft > 0) {
      setTimeout(() => driveCouponIssues(deps, attemptsLeft - 1), RETRY_MS).unref();
      return;
    }
    deps.logger.warn({ err: error }, 'coupon issue run stopped; the next issue-coupons run resumes it');
  });
}
