import { registerJob } from '../../jobs/registry';
import { releaseRewardHoldsJob } from './complete-cash-part';

/** Plugs rewards into the core's job seam; loaded once with the routes. */
registerJob('release-reward-holds', releaseRewardHoldsJob);
