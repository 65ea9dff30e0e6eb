import { execute, readInstant, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../shared/app-error';
import { WEBHOOK_RETRY_WINDOW_MS } from './send-webhooks';

interface DeliveryRow {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed';
  next_attempt_at: unknown;
  created_at: unknown;
  delivered_at: unknown;
}

interface AttemptRow {
  delivery_id: string;
  attempt: number | string;
  at: unknown;
  status_code: number | string | null;
  error: string | null;
}

const iso = (value: unknown) => (value ? readInstant(value).toISOString() : null);

/** The latest 100 deliveries (optionally of one webhook or one event), each with its attempts. */
export async function listWebhookDeliveries(db: Tx, filter: { webhookId?: string; eventId?: string; id?: string }) {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.webhookId) where.push('webhook_id = ?') && params.push(filter.webhookId);
  if (filter.eventId) where.push('event_id = ?') && params.push(filter.eventId);
  if (filter.id) where.push('id = ?') && params.push(filter.id);
  const rows = await select<DeliveryRow>(
    db,
    `SELECT id, webhook_id, event_id, event_type, status, next_attempt_at, created_at, delivered_at FROM webhook_deliveries
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT 100`,
    params,
  );
  const attempts = new Map<string, AttemptRow[]>();
  if (rows.length > 0) {
    const all = await select<AttemptRow>(
      db,
      `SELECT delivery_id, attempt, at, status_code, error FROM webhook_attempts
        WHERE delivery_id IN (${rows.map(() => '?').join(', ')}) ORDER BY delivery_id, attempt`,
      rows.map((row) => row.id),
    );
    for (const attempt of all)
      attempts.set(attempt.delivery_id, [...(attempts.get(attempt.delivery_id) ?? []), attempt]);
  }
  return {
    items: rows.map((row) => ({
      id: row.id,
      webhookId: row.webhook_id,
      eventId: row.event_id,
      eventType: row.event_type,
      status: row.status,
      createdAt: iso(row.created_at) as string,
      deliveredAt: iso(row.delivered_at),
      nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
      attempts: (attempts.get(row.id) ?? []).map((a) => ({
        attempt: Number(a.attempt),
        at: iso(a.at) as string,
        statusCode: a.status_code === null ? null : Number(a.status_code),
        error: a.error,
      })),
    })),
    nextCursor: null,
  };
}

/** HQ sends a delivery again (same event id, so receivers deduplicate): due now, a fresh 24-hour window. */
export async function replayWebhookDelivery(tx: Tx, input: { id: string; adminId: string; now: Date }) {
  const changed = await execute(
    tx,
    "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, retry_until = ?, delivered_at = NULL WHERE id = ?",
    [input.now, new Date(input.now.getTime() + WEBHOOK_RETRY_WINDOW_MS), input.id],
  );
  if (changed !== 1) throw new AppError('WEBHOOK_DELIVERY_NOT_FOUND', 'No such webhook delivery.', { id: input.id });
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'webhook.replay',
    targetType: 'webhook_delivery',
    targetId: input.id,
    at: input.now,
  });
  const [delivery] = (await listWebhookDeliveries(tx, { id: input.id })).items;
  return delivery;
}
