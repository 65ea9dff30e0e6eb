import type { WebhookEventType } from '@tongka/shared-types';
import { execute, select, type Tx } from '../../db/tx';
import { ulid } from '../shared/ulid';

export const WEBHOOK_EVENT_KIND = 'webhook.event';

export interface WebhookEvent {
  /** Receivers deduplicate on this: every delivery and replay of one event carries the same id. */
  eventId: string;
  type: WebhookEventType;
  /** The store the event happened at (null: not at a store); chain-wide webhooks get every event. */
  storeId: string | null;
  occurredAt: string;
  data: Record<string, unknown>;
}

/**
 * Queues an event for the registered webhooks in the business transaction that caused it (the
 * outbox row commits or rolls back with it); the outbox sender fans it out to one delivery per
 * webhook after commit. `cause` makes it once per cause (the outbox dedupe key). With no webhook
 * that would receive it, nothing is queued.
 */
export async function queueWebhookEvent(
  tx: Tx,
  input: { type: WebhookEventType; cause: string; storeId: string | null; data: Record<string, unknown>; at: Date },
): Promise<void> {
  if (!(await hasWebhookReceivers(tx, input.storeId))) return;
  const event: WebhookEvent = {
    eventId: ulid(),
    type: input.type,
    storeId: input.storeId,
    occurredAt: input.at.toISOString(),
    data: input.data,
  };
  await execute(
    tx,
    "INSERT INTO outbox (id, kind, dedupe_key, payload, status, attempts, next_attempt_at, last_error, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, NULL, ?)",
    [
      ulid(),
      WEBHOOK_EVENT_KIND,
      `webhook:${input.type}:${input.cause}`.slice(0, 120),
      JSON.stringify(event),
      input.at,
      input.at,
    ],
  );
}

/** Whether any live webhook would receive an event of this store (the chain's or the store's own). */
export async function hasWebhookReceivers(tx: Tx, storeId: string | null): Promise<boolean> {
  const rows = await select<{ id: string }>(
    tx,
    'SELECT id FROM webhooks WHERE deleted_at IS NULL AND (store_id IS NULL OR store_id = ?) LIMIT 1',
    [storeId ?? ''],
  );
  return rows.length > 0;
}
