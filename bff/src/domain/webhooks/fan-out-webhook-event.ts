import { execute, isUniqueViolation, select } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { ulid } from '../shared/ulid';
import type { WebhookEvent } from './queue-webhook-event';
import { WEBHOOK_RETRY_WINDOW_MS } from './send-webhooks';

/**
 * The outbox sender for `webhook.event`: one delivery per live webhook that wants the event (the
 * chain's and the event's store's). The unique (webhook_id, event_id) key makes a second run of
 * the same outbox message add nothing. The HTTP calls are made by the send-webhooks job.
 */
export async function fanOutWebhookEvent(deps: AppDeps, message: { payload: unknown }): Promise<void> {
  const event = message.payload as WebhookEvent;
  const hooks = await select<{ id: string }>(
    deps.dataSource.manager,
    'SELECT id FROM webhooks WHERE deleted_at IS NULL AND (store_id IS NULL OR store_id = ?) ORDER BY id',
    [event.storeId ?? ''],
  );
  const now = deps.clock.now();
  for (const hook of hooks) {
    try {
      await execute(
        deps.dataSource.manager,
        `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload, status, attempts, next_attempt_at,
           retry_until, created_at, delivered_at, last_error) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, NULL, NULL)`,
        [
          ulid(),
          hook.id,
          event.eventId,
          event.type,
          JSON.stringify(event),
          now,
          new Date(now.getTime() + WEBHOOK_RETRY_WINDOW_MS),
          now,
        ],
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
}
