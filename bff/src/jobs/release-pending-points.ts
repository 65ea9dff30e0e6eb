import { randomBytes } from 'node:crypto';
import { inTransaction } from '../db/tx';
import type { AppDeps } from '../deps';
import { type DuePendingEarn, duePendingEarns, releasePendingEarn } from '../domain/ledger';
import type { JobOptions } from './registry';

export const RELEASE_BATCH_SIZE = 200;

interface ReleaseProgress {
  asOf: string;
  after: { releaseAt: string; transferId: string } | null;
  processed: number;
}

/**
 * The release-pending-points job: posts every pending earn whose release instant is at or before
 * `asOf`, in (release_at, transfer_id) order, one transaction per transfer, each claimed exactly
 * once (releasePendingEarn), with a checkpoint after every batch so a run that dies resumes where
 * it stopped. Two runs at once each release a transfer at most once between them; `processed`
 * counts the transfers this run released.
 */
export async function releasePendingPointsJob(deps: AppDeps, options: JobOptions): Promise<{ processed: number }> {
  const resumed = options.lease?.resumedProgress as ReleaseProgress | null | undefined;
  const sameRun = resumed && resumed.asOf === options.asOf.toISOString();
  let after: DuePendingEarn | null =
    sameRun && resumed.after
      ? { releaseAt: new Date(resumed.after.releaseAt), transferId: resumed.after.transferId }
      : null;
  let processed = sameRun ? resumed.processed : 0;
  const runId = randomBytes(8).toString('hex');
  for (;;) {
    const due = await duePendingEarns(deps.dataSource.manager, options.asOf, after, RELEASE_BATCH_SIZE);
    if (due.length === 0) break;
    for (const earn of due) {
      const result = await inTransaction(deps.dataSource, (tx) => releasePendingEarn(tx, earn.transferId, runId));
      if (result.runId === runId && result.released > 0) processed += 1;
    }
    after = due[due.length - 1];
    await options.lease?.checkpoint({
      asOf: options.asOf.toISOString(),
      after: { releaseAt: after.releaseAt.toISOString(), transferId: after.transferId },
      processed,
    } satisfies ReleaseProgress);
    options.onProgress?.(processed, null);
  }
  return { processed };
}
