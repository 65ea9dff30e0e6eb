import { registerJob } from '../../jobs/registry';
import { startupTasks } from '../../startup';
import { registerCheckoutHook } from '../checkout/checkout-hooks';
import { mergeHooks } from '../identity/merge-hooks';
import { adjustRebatesOnRefund } from './adjust-rebates-on-refund';
import { setReferralTimeZone } from './chain-zone';
import { confirmRebatesJob } from './confirm-rebates';
import { createPendingRebates } from './create-pending-rebates';
import { referralMergeHook } from './referral-merge-hook';

/** Plugs referral into the core's seams (docs/extending.md): checkout hook, merge hook, job. */
registerCheckoutHook({
  name: 'referral-rebates',
  afterCheckout: createPendingRebates,
  afterRefund: adjustRebatesOnRefund,
});
if (!mergeHooks.some((hook) => hook.name === referralMergeHook.name)) mergeHooks.push(referralMergeHook);
registerJob('confirm-rebates', confirmRebatesJob);
startupTasks.push(async (deps) => setReferralTimeZone(deps.config.CHAIN_TIME_ZONE));
