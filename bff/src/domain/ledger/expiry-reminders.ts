import { execute, isUniqueViolation, readInstant, select, type Tx } from '../../db/tx';
import { localDate } from '../shared/chain-time';
import { ulid } from '../shared/ulid';

export const POINTS_EXPIRING_KIND = 'points-expiring';
export const REMINDER_WINDOW_DAYS = 7;

export interface PointsExpiringPayload {
  memberId: string;
  points: number;
  expiresAt: string;
}

/**
 * Queues one "points expiring within 7 days" reminder per member and local day into the outbox
 * (dedupe key member+date, so a second run that day adds nothing); the send-outbox job sends it.
 */
export async function queueExpiryReminders(
  db: Tx,
  asOf: Date,
  timeZone: string,
  /** Who can be reminded at all (e.g. members holding an accept of the reminder template). */
  reachable?: (memberIds: string[]) => Promise<Set<string>>,
): Promise<number> {
  const until = new Date(asOf.getTime() + REMINDER_WINDOW_DAYS * 86_400_000);
  const rows = await select<{ member_id: string; points: string | number; first_expiry: unknown }>(
    db,
    `SELECT member_id, SUM(remaining) AS points, MIN(expires_at) AS first_expiry FROM ledger_lots
      WHERE asset = 'POINTS' AND remaining > 0 AND expires_at > ? AND expires_at <= ? GROUP BY member_id`,
    [asOf, until],
  );
  const day = localDate(asOf, timeZone);
  const keep = reachable ? await reachable(rows.map((row) => row.member_id)) : null;
  let queued = 0;
  for (const row of rows) {
    if (keep && !keep.has(row.member_id)) continue;
    const payload: PointsExpiringPayload = {
      memberId: row.member_id,
      points: Number(row.points),
      expiresAt: readInstant(row.first_expiry).toISOString(),
    };
    try {
      await execute(
        db,
        "INSERT INTO outbox (id, kind, dedupe_key, payload, status, attempts, next_attempt_at, last_error, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, NULL, ?)",
        [
          ulid(),
          POINTS_EXPIRING_KIND,
          `${POINTS_EXPIRING_KIND}:${row.member_id}:${day}`,
          JSON.stringify(payload),
          asOf,
          asOf,
        ],
      );
      queued += 1;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return queued;
}
