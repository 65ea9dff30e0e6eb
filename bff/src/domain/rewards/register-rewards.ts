import { registerJob } from '../../jobs/registry';
import { mergeHooks } from '../identity/merge-hooks';
import { releaseRewardHoldsJob } from './complete-cash-part';
import './pay-cash-part';
import { rewardCountsOnMerge } from './reward-counts-on-merge';

/** Plugs rewards into the core's job seam, the pay-order kinds and the merge hooks; loaded once with the routes. */
registerJob('release-reward-holds', releaseRewardHoldsJob);
if (!mergeHooks.some((hook) => hook.name === rewardCountsOnMerge.name)) mergeHooks.push(rewardCountsOnMerge);
