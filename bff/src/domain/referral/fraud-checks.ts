import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { ulid } from '../shared/ulid';
import { DEFAULT_VELOCITY, readReferralRule } from './referral-rule';

const HOUR_MS = 3_600_000;

/**
 * Issue #12, "Fraud review": more attributed sign-ups to one referrer than HQ allows per hour or
 * per day, or a referee signing in from a device another referee already used, opens a review
 * that holds the referrer's rebates until HQ approves or rejects.
 */
export async function checkSignupFraud(
  tx: Tx,
  input: { referrerId: string; refereeId: string; deviceId?: string; at: Date },
): Promise<void> {
  const velocity = (await readReferralRule(tx)).rule.velocity ?? DEFAULT_VELOCITY;
  const count = async (sinceMs: number) => {
    const [row] = await select<{ n: number | string }>(
      tx,
      'SELECT COUNT(*) AS n FROM referral_attributions WHERE referrer_id = ? AND created_at > ? AND created_at <= ?',
      [input.referrerId, new Date(input.at.getTime() - sinceMs), input.at],
    );
    return Number(row?.n ?? 0);
  };
  const lastHour = await count(HOUR_MS);
  if (lastHour > velocity.maxPerHour) {
    return openReview(tx, input.referrerId, 'velocity-hour', { signUps: lastHour, max: velocity.maxPerHour }, input.at);
  }
  const lastDay = await count(24 * HOUR_MS);
  if (lastDay > velocity.maxPerDay) {
    return openReview(tx, input.referrerId, 'velocity-day', { signUps: lastDay, max: velocity.maxPerDay }, input.at);
  }
  if (input.deviceId) {
    const [other] = await select<{ referee_id: string }>(
      tx,
      'SELECT referee_id FROM referral_attributions WHERE device_id = ? AND referee_id <> ? LIMIT 1',
      [input.deviceId, input.refereeId],
    );
    if (other) {
      const details = { refereeIds: [other.referee_id, input.refereeId] };
      await openReview(tx, input.referrerId, 'shared-device', details, input.at);
    }
  }
}

/**
 * A payment for a referred member names its payer (the WeChat Pay payer's openid of a top-up):
 * the first one is kept, and two referees of any referrer paid for by one payer hold the
 * referrer's rebates. For the payment code to call inside its own transaction.
 */
export async function noteRefereePayer(tx: Tx, input: { memberId: string; payerRef: string; at: Date }): Promise<void> {
  const [referee] = await select<{ referrer_id: string; payer_ref: string | null }>(
    tx,
    'SELECT referrer_id, payer_ref FROM referral_attributions WHERE referee_id = ?',
    [input.memberId],
  );
  if (!referee) return;
  if (referee.payer_ref === null) {
    await execute(tx, 'UPDATE referral_attributions SET payer_ref = ? WHERE referee_id = ? AND payer_ref IS NULL', [
      input.payerRef,
      input.memberId,
    ]);
  }
  const [other] = await select<{ referee_id: string }>(
    tx,
    'SELECT referee_id FROM referral_attributions WHERE payer_ref = ? AND referee_id <> ? LIMIT 1',
    [input.payerRef, input.memberId],
  );
  if (other) {
    const details = { refereeIds: [other.referee_id, input.memberId] };
    await openReview(tx, referee.referrer_id, 'shared-payer', details, input.at);
  }
}

/** One open review per referrer (unique open_key): a second reason while one is open adds nothing. */
export async function openReview(
  tx: Tx,
  referrerId: string,
  reason: string,
  details: Record<string, unknown>,
  at: Date,
): Promise<void> {
  try {
    await execute(
      tx,
      `INSERT INTO referral_reviews (id, referrer_id, reason, details_json, status, open_key, created_at, decided_at, decided_by)
       VALUES (?, ?, ?, ?, 'open', ?, ?, NULL, NULL)`,
      [ulid(), referrerId, reason, JSON.stringify(details), referrerId, at],
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/** Whether the member's rebates are held: an open review of them as a referrer. */
export async function isUnderReview(tx: Tx, memberId: string): Promise<boolean> {
  const rows = await select<{ id: string }>(tx, 'SELECT id FROM referral_reviews WHERE open_key = ?', [memberId]);
  return rows.length > 0;
}
