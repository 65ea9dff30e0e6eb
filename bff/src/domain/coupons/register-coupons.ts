import type { AppDeps } from '../../deps';
import { driveJob } from '../../jobs/drive-job';
import { registerJob } from '../../jobs/registry';
import { registerCheckoutHook } from '../checkout/checkout-hooks';
import { mergeHooks } from '../identity/merge-hooks';
import { memberOverviewParts } from '../ledger';
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

/** Runs the issue job in the background after an issue is recorded (see driveJob). */
export function driveCouponIssues(deps: AppDeps): void {
  driveJob(deps, 'issue-coupons');
}
