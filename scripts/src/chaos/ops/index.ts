import { adjust } from './adjust';
import { checkout } from './checkout';
import { couponClaim } from './coupon-claim';
import { jobRun } from './job-run';
import { login } from './login';
import { merge } from './merge';
import type { OpKind } from './op';
import { referralSignup } from './referral-signup';
import { refund } from './refund';
import { rewardExchange } from './reward-exchange';
import { topup } from './topup';
import { undoMerge } from './undo-merge';

/** The seeded mix: each kind drawn in proportion to its weight. */
export const mix: OpKind[] = [
  adjust,
  login,
  checkout,
  refund,
  couponClaim,
  rewardExchange,
  referralSignup,
  topup,
  jobRun,
  merge,
  undoMerge,
];
