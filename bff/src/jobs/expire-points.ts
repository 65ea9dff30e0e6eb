import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../db/tx';
import type { AppDeps } from '../deps';
import { dueLots, expireLots, queueExpiryReminders } from '../domain/ledger';
import { membersWithAccept, templateFor } from '../domain/notifications/subscriptions';
import type { JobOptions } from './registry';

export const EXPIRE_BATCH_SIZE = 5000;

interface ExpireProgress {
  asOf: string;
  after: { expiresAt: string; id: string } | null;
  processed: number;
}

/**
 * The expire-points job: walks expired lots in (expires_at, id) order, one transaction per batch
 * of 5,000 written set-based, each lot claimed exactly once (see expireLots), a checkpoint after
 * every batch so a run that dies resumes where it stopped; then queues the 7-day reminders.
 */
export async function expirePointsJob(deps: AppDeps, options: JobOptions): Promise<{ processed: number }> {
  const resumed = options.lease?.resumedProgress as ExpireProgress | null | undefined;
  const sameRun = resumed && resumed.asOf === options.asOf.toISOString();
  let after = sameRun && resumed.after ? { expiresAt: new Date(resumed.after.expiresAt), id: resumed.after.id } : null;
  let processed = sameRun ? resumed.processed : 0;
  const runId = randomBytes(8).toString('hex');
  for (;;) {
    const batch = await expireBatch(deps.dataSource, options.asOf, after, runId);
    if (batch.lots === 0) break;
    processed += batch.expiredLots;
    after = batch.last;
    await options.lease?.checkpoint({
      asOf: options.asOf.toISOString(),
      after: after && { expiresAt: after.expiresAt.toISOString(), id: after.id },
      processed,
    } satisfies ExpireProgress);
    options.onProgress?.(processed, null);
  }
  // Reminders go only to members who allowed one (each accept of the template is one message).
  const templateId = templateFor(deps.config, 'points-expiring');
  if (templateId) {
    await inTransaction(deps.dataSource, (tx) =>
      queueExpiryReminders(tx, options.asOf, deps.config.CHAIN_TIME_ZONE, (memberIds) =>
        membersWithAccept(tx, templateId, memberIds),
      ),
    );
  }
  return { processed };
}

/** One batch in one transaction; also used directly by tests and the benchmark (no lease). */
export async function expireBatch(
  dataSource: DataSource,
  asOf: Date,
  after: { expiresAt: Date; id: string } | null,
  runId: string,
  batchSize = EXPIRE_BATCH_SIZE,
): Promise<{ lots: number; expiredLots: number; last: { expiresAt: Date; id: string } | null }> {
  const lots = await dueLots(dataSource.manager, asOf, after, batchSize);
  if (lots.length === 0) return { lots: 0, expiredLots: 0, last: after };
  const expiredLots = await inTransaction(dataSource, (tx) => expireLots(tx, lots, asOf, runId));
  return { lots: lots.length, expiredLots, last: lots[lots.length - 1] };
}

/** Runs the whole expiry without a lease (tests run two of these at once to prove per-lot claims). */
export async function expireAllDue(dataSource: DataSource, asOf: Date, batchSize = EXPIRE_BATCH_SIZE): Promise<number> {
  const runId = randomBytes(8).toString('hex');
  let after: { expiresAt: Date; id: string } | null = null;
  let processed = 0;
  for (;;) {
    const batch = await expireBatch(dataSource, asOf, after, runId, batchSize);
    if (batch.lots === 0) return processed;
    processed += batch.expiredLots;
    after = batch.last;
  }
}
