import { registerJob } from '../../jobs/registry';
import { releaseRewardHoldsJob } from './complete-cash-part';
import './pay-cash-part';

/** Plugs rewards into the core's job seam and the pay-order kinds; loaded once with the routes. */
registerJob('release-reward-holds', releaseRewardHoldsJob);
