import type { OpKind } from './op';

const jobs = ['expire-points', 'confirm-rebates', 'reconcile-payments', 'refresh-tiers', 'expire-coupons'] as const;

/**
 * HQ runs a job while everything else goes on; reconcile-payments runs as of six minutes later,
 * so it asks WeChat about every open order while notifications for them may be arriving.
 */
export const jobRun: OpKind = {
  name: 'job-run',
  weight: 1,
  async run({ world, rng, send }) {
    const job = rng.pick(jobs);
    await send.plain({
      kind: `job-${job}`,
      path: `/api/admin/jobs/${job}/run`,
      body: () => (job === 'reconcile-payments' ? { asOf: new Date(Date.now() + 6 * 60_000).toISOString() } : {}),
      token: world.admin,
      timeoutMs: 10_000,
    });
  },
};
