import type { DataSource } from 'typeorm';
import { execute, select } from '../db/tx';
import type { AppDeps } from '../deps';
import type { JobOptions } from './registry';

export interface OutboxMessage {
  id: string;
  kind: string;
  payload: unknown;
  /** This attempt's number, from 1. */
  attempts: number;
  /** True on the last attempt the outbox makes: a failure now is final. */
  lastAttempt?: boolean;
}

/** Delivers one message; throws to fail it (an error with `retryable: true` is tried again later). */
export type OutboxSender = (deps: AppDeps, message: OutboxMessage) => Promise<void>;

const senders = new Map<string, OutboxSender>();

/** Each kind of message has its sender (points-expiring, wechat.subscribe.points, ...). */
export function registerOutboxSender(kind: string, sender: OutboxSender): void {
  senders.set(kind, sender);
}

export const MAX_ATTEMPTS = 5;
const CLAIM_MS = 5 * 60_000;
const BATCH = 100;

/**
 * The send-outbox job: claims due pending messages one by one (a conditional UPDATE on attempts,
 * so two instances never send the same message), sends them through the sender for their kind,
 * marks them sent, or schedules a retry with backoff, or marks them failed after MAX_ATTEMPTS or
 * on a permanent error.
 */
export async function sendOutboxJob(deps: AppDeps, options: JobOptions): Promise<{ processed: number }> {
  let processed = 0;
  // Only kinds someone can send: a message whose module has not registered its sender waits.
  const kinds = [...senders.keys()];
  if (kinds.length === 0) return { processed };
  for (;;) {
    const due = await select<{ id: string; kind: string; payload: string; attempts: number }>(
      deps.dataSource.manager,
      `SELECT id, kind, payload, attempts FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?
        AND kind IN (${kinds.map(() => '?').join(', ')}) ORDER BY next_attempt_at, id LIMIT ${BATCH}`,
      [options.asOf, ...kinds],
    );
    if (due.length === 0) return { processed };
    for (const row of due) {
      const message = { id: row.id, kind: row.kind, payload: JSON.parse(row.payload), attempts: Number(row.attempts) };
      if (!(await claim(deps.dataSource, message, options.asOf))) continue;
      if (await deliver(deps, message, options.asOf)) processed += 1;
    }
    await options.lease?.checkpoint({ processed });
    options.onProgress?.(processed, null);
  }
}

async function claim(dataSource: DataSource, message: OutboxMessage, asOf: Date): Promise<boolean> {
  const claimed = await execute(
    dataSource.manager,
    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ? AND status = 'pending' AND attempts = ?",
    [new Date(asOf.getTime() + CLAIM_MS), message.id, message.attempts],
  );
  message.attempts += 1;
  message.lastAttempt = message.attempts >= MAX_ATTEMPTS;
  return claimed === 1;
}

async function deliver(deps: AppDeps, message: OutboxMessage, asOf: Date): Promise<boolean> {
  const sender = senders.get(message.kind);
  try {
    if (!sender) throw new Error(`no sender for outbox kind ${message.kind}`);
    await sender(deps, message);
    await execute(deps.dataSource.manager, "UPDATE outbox SET status = 'sent', last_error = NULL WHERE id = ?", [
      message.id,
    ]);
    return true;
  } catch (error) {
    const retryable = (error as { retryable?: boolean }).retryable !== false && message.attempts < MAX_ATTEMPTS;
    const backoffMs = 60_000 * 2 ** message.attempts;
    await execute(
      deps.dataSource.manager,
      'UPDATE outbox SET status = ?, next_attempt_at = ?, last_error = ? WHERE id = ?',
      [
        retryable ? 'pending' : 'failed',
        new Date(asOf.getTime() + backoffMs),
        String((error as Error).message).slice(0, 500),
        message.id,
      ],
    );
    deps.logger.warn({ outboxId: message.id, kind: message.kind, retryable, err: error }, 'outbox message not sent');
    return false;
  }
}
