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
 * The expire-points job: walks expired lots in (expires_at, id) order, batches of 5,000 written
 * set-based, two in flight, each in its own transaction, each lot claimed exactly once (see
 * expireLots), a checkpoint after every pair so a run that dies resumes where it stopped; then
 * queues the 7-day reminders.
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

/** Batches in flight at once: the database works on one while the other waits on the network. */
export const EXPIRE_BATCHES_IN_FLIGHT = 2;

type Cursor = { expiresAt: Date; id: string } | null;

/**
 * The next batches (up to EXPIRE_BATCHES_IN_FLIGHT), each in its own transaction, at once; also
 * used directly by tests and the benchmark (no lease). Their lots are disjoint and each locks its
 * wallets in id order, so they only wait for each other on a shared wallet. Resolves when all
 * have finished (the first failure is thrown after the others committed or rolled back), with the
 * cursor after the last one: a checkpoint there never skips a lot.
 */
export async function expireBatch(
  dataSource: DataSource,
  asOf: Date,
  after: Cursor,
  runId: string,
  batchSize = EXPIRE_BATCH_SIZE,
): Promise<{ lots: number; expiredLots: number; last: Cursor }> {
  const batches = [];
  let last = after;
  for (let i = 0; i < EXPIRE_BATCHES_IN_FLIGHT; i++) {
    const lots = await dueLots(dataSource.manager, asOf, last, batchSize);
    if (lots.length === 0) break;
    batches.push(lots);
    last = lots[lots.length - 1];
  }
  const settled = await Promise.allSettled(
    batches.map((lots) => inTransaction(dataSource, (tx) => expireLots(tx, lots, asOf, runId))),
  );
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  const expiredLots = settled.reduce((sum, result) => sum + (result.status === 'fulfilled' ? result.value : 0), 0);
  return { lots: batches.reduce((sum, lots) => sum + lots.length, 0), expiredLots, last };
}

/** Runs the whole expiry without a lease (tests run two of these at once to prove per-lot claims). */
export async function expireAllDue(dataSource: DataSource, asOf: Date, batchSize = EXPIRE_BATCH_SIZE): Promise<number> {
  const runId = randomBytes(8).toString('hex');
  let after: Cursor = null;
  let processed = 0;
  for (;;) {
    const batch = await expireBatch(dataSource, asOf, after, runId, batchSize);
    if (batch.lots === 0) return processed;
    processed += batch.expiredLots;
    after = batch.last;
  }
}
