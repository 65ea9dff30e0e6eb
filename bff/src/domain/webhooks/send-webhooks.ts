import { execute, readInstant, select } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { dataCryptoOf } from '../members/deps-helpers';
import { signedHeaders } from '../pos/pos-signature';
import { ulid } from '../shared/ulid';

/** A delivery is retried with backoff (1, 2, 4 … minutes, at most 2 hours apart) for 24 hours. */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 60 * 60_000;
const MAX_BACKOFF_MS = 2 * 60 * 60_000;
const TIMEOUT_MS = 10_000;
const CLAIM_MS = 5 * 60_000;

export const backoffAfter = (attempt: number) => Math.min(60_000 * 2 ** (attempt - 1), MAX_BACKOFF_MS);

interface DueRow {
  id: string;
  webhook_id: string;
  payload: string;
  attempts: number | string;
  retry_until: unknown;
  url: string;
  secret_enc: string;
}

/**
 * The send-webhooks job: every due delivery gets one signed POST; 2xx marks it delivered. A webhook
 * HQ deleted gets nothing more, not even the retries still pending for it.
 */
export async function sendWebhooksJob(deps: AppDeps, options: { asOf: Date }): Promise<{ processed: number }> {
  const due = await select<DueRow>(
    deps.dataSource.manager,
    `SELECT d.id, d.webhook_id, d.payload, d.attempts, d.retry_until, w.url, w.secret_enc
       FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
      WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND w.deleted_at IS NULL
      ORDER BY d.next_attempt_at, d.id LIMIT 200`,
    [options.asOf],
  );
  let processed = 0;
  for (const row of due) {
    const attempt = Number(row.attempts) + 1;
    const claimed = await execute(
      deps.dataSource.manager,
      "UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ? WHERE id = ? AND status = 'pending' AND attempts = ?",
      [attempt, new Date(options.asOf.getTime() + CLAIM_MS), row.id, Number(row.attempts)],
    );
    if (claimed !== 1) continue;
    if (await deliverOnce(deps, row, attempt, options.asOf)) processed += 1;
  }
  return { processed };
}

async function deliverOnce(deps: AppDeps, row: DueRow, attempt: number, asOf: Date): Promise<boolean> {
  const url = new URL(row.url);
  const attemptId = ulid();
  const headers = signedHeaders(row.webhook_id, dataCryptoOf(deps).decrypt(row.secret_enc), {
    method: 'POST',
    pathWithQuery: url.pathname + url.search,
    nonce: attemptId,
    body: row.payload,
    at: asOf,
  });
  const event = JSON.parse(row.payload) as { eventId: string; type: string };
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        'x-tongka-event-id': event.eventId,
        'x-tongka-event-type': event.type,
      },
      body: row.payload,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    statusCode = res.status;
    await res.arrayBuffer().catch(() => undefined);
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
  } catch (caught) {
    error = String((caught as Error).message).slice(0, 500);
  }
  await execute(
    deps.dataSource.manager,
    'INSERT INTO webhook_attempts (id, delivery_id, attempt, at, status_code, error) VALUES (?, ?, ?, ?, ?, ?)',
    [attemptId, row.id, attempt, asOf, statusCode, error],
  );
  if (!error) {
    await execute(
      deps.dataSource.manager,
      "UPDATE webhook_deliveries SET status = 'delivered', delivered_at = ?, last_error = NULL WHERE id = ?",
      [asOf, row.id],
    );
    return true;
  }
  const next = new Date(asOf.getTime() + backoffAfter(attempt));
  const givesUp = next.getTime() > readInstant(row.retry_until).getTime();
  await execute(
    deps.dataSource.manager,
    'UPDATE webhook_deliveries SET status = ?, next_attempt_at = ?, last_error = ? WHERE id = ?',
    [givesUp ? 'failed' : 'pending', next, error, row.id],
  );
  return false;
}
