import { execute, select } from '../../db/tx';
import type { JobRun } from '../../jobs/registry';

const BATCH = 1_000;

/**
 * Job `expire-coupons`: marks coupons whose window ended before `asOf` as expired, a batch at a
 * time through ix_coupons_status_until (each batch its own statement: safe to stop and rerun, and
 * to overlap, since the UPDATE re-checks the status).
 */
export const expireCouponsJob: JobRun = async (deps, options) => {
  const db = deps.dataSource.manager;
  let processed = 0;
  for (;;) {
    const due = await select<{ id: string }>(
      db,
      `SELECT id FROM coupons WHERE status = 'available' AND valid_until < ? ORDER BY valid_until, id LIMIT ${BATCH}`,
      [options.asOf],
    );
    if (due.length === 0) return { processed };
    processed += await execute(
      db,
      `UPDATE coupons SET status = 'expired' WHERE id IN (${due.map(() => '?').join(', ')})
         AND status = 'available' AND valid_until < ?`,
      [...due.map((row) => row.id), options.asOf],
    );
    options.onProgress?.(processed, null);
    await options.lease?.checkpoint({ processed });
  }
};
