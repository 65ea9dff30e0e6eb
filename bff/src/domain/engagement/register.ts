import { registerJob } from '../../jobs/registry';
import { startupTasks } from '../../startup';
import { tierChangeHooks } from '../tiers/refresh-member-tier';
import { birthdayGiftsJob } from './birthday-gifts-job';
import { grantTierGift } from './member-gifts';

/** Engagement's jobs and hooks: the birthday-gifts job, the tier-upgrade gift on every tier change. */
registerJob('birthday-gifts', birthdayGiftsJob);

startupTasks.push(async (deps) => {
  const timeZone = deps.config.CHAIN_TIME_ZONE;
  tierChangeHooks.set('engagement-tier-gift', (tx, change) => grantTierGift(tx, { ...change, timeZone }));
});
