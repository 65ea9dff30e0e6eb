import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { execute, inTransaction, isUniqueViolation, select, type Tx } from '../db/tx';
import { AppError } from '../domain/shared/app-error';

export interface StoredResponse {
  status: number;
  body: unknown;
  replayed: boolean;
}

/** A stable hash of what the request asks for: method, path and the JSON body with sorted keys. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Runs an idempotent write. The key row is inserted first in the same transaction as the work
 * and updated with the answer before commit, so:
 * - a replay after commit fails that insert on the unique key and reads the stored answer (same
 *   status, same body); a fresh key costs no extra read;
 * - a duplicate arriving while the first is in flight blocks on the unique key until the first
 *   commits (then replays) or rolls back (then executes itself): exactly one executes;
 * - a failed attempt (4xx/5xx) stores nothing, so the caller may retry with the same key.
 */
export async function runIdempotent(
  dataSource: DataSource,
  key: { scope: string; idemKey: string; hash: string; now: Date },
  work: (tx: Tx) => Promise<{ status: number; body: unknown }>,
): Promise<StoredResponse> {
  if (process.env.TONGKA_FAULT_SKIP_IDEMPOTENCY === '1' && process.env.NODE_ENV !== 'production') {
    // Fault injection for the chaos harness only: the guard removed, so it can show it fails.
    return { ...(await inTransaction(dataSource, work)), replayed: false };
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await inTransaction(dataSource, async (tx) => {
        await execute(
          tx,
          'INSERT INTO idempotency_keys (scope, idem_key, request_hash, status_code, response_body, created_at) VALUES (?, ?, ?, NULL, NULL, ?)',
          [key.scope, key.idemKey, key.hash, key.now],
        );
        const result = await work(tx);
        await execute(
          tx,
          'UPDATE idempotency_keys SET status_code = ?, response_body = ? WHERE scope = ? AND idem_key = ?',
          [result.status, JSON.stringify(result.body ?? null), key.scope, key.idemKey],
        );
        return { ...result, replayed: false };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another request with this key committed first: replay its answer (or try again if the
      // unique violation came from elsewhere and no answer is stored).
    }
    const existing = await findStored(dataSource.manager, key);
    if (existing) return existing;
  }
  throw new AppError(
    'IDEMPOTENCY_REQUEST_IN_PROGRESS',
    'A request with this Idempotency-Key is still being processed.',
  );
}

async function findStored(
  db: Tx,
  key: { scope: string; idemKey: string; hash: string },
): Promise<StoredResponse | null> {
  const [row] = await select<{ request_hash: string; status_code: number | null; response_body: string | null }>(
    db,
    'SELECT request_hash, status_code, response_body FROM idempotency_keys WHERE scope = ? AND idem_key = ?',
    [key.scope, key.idemKey],
  );
  if (!row) return null;
  if (row.request_hash !== key.hash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request.');
  }
  if (row.status_code === null) {
    throw new AppError(
      'IDEMPOTENCY_REQUEST_IN_PROGRESS',
      'A request with this Idempotency-Key is still being processed.',
    );
  }
  return { status: Number(row.status_code), body: JSON.parse(row.response_body ?? 'null'), replayed: true };
}
