import { registerJob } from '../../jobs/registry';
import { startupTasks } from '../../startup';
import { mergeHooks } from '../identity/merge-hooks';
import { tierChangeHooks } from '../tiers/refresh-member-tier';
import { birthdayGiftsJob } from './birthday-gifts-job';
import { engagementMergeHook } from './engagement-merge-hook';
import { grantTierGift } from './member-gifts';

/** Engagement's jobs and hooks: the birthday-gifts job, the tier-upgrade gift on every tier change, the merge hook. */
registerJob('birthday-gifts', birthdayGiftsJob);
if (!mergeHooks.some((hook) => hook.name === engagementMergeHook.name)) mergeHooks.push(engagementMergeHook);

startupTasks.push(async (deps) => {
  const timeZone = deps.config.CHAIN_TIME_ZONE;
  tierChangeHooks.set('engagement-tier-gift', (tx, change) => grantTierGift(tx, { ...change, timeZone }));
});
