import type { ReferralReview } from '@tongka/shared-types';
import { execute, readInstant, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../shared/app-error';
import { forUpdate } from './sql-helpers';

interface ReviewRow {
  id: string;
  referrer_id: string;
  reason: ReferralReview['reason'];
  details_json: string | null;
  status: ReferralReview['status'];
  created_at: unknown;
  decided_at: unknown;
}

/** HQ's review queue (GET /api/admin/referrals/review): each with what it holds. */
export async function listReferralReviews(db: Tx, status: ReferralReview['status']): Promise<ReferralReview[]> {
  const rows = await select<ReviewRow>(
    db,
    'SELECT * FROM referral_reviews WHERE status = ? ORDER BY created_at DESC, id DESC LIMIT 200',
    [status],
  );
  const out: ReferralReview[] = [];
  for (const row of rows) {
    const [held] = await select<{ n: number | string; points: number | string | null; fen: number | string | null }>(
      db,
      `SELECT COUNT(*) AS n, SUM(CASE WHEN asset = 'POINTS' THEN current_amount ELSE 0 END) AS points,
              SUM(CASE WHEN asset = 'CNY' THEN current_amount ELSE 0 END) AS fen
         FROM referral_rebates WHERE beneficiary_id = ? AND status = 'held'`,
      [row.referrer_id],
    );
    out.push({
      id: row.id,
      referrerId: row.referrer_id,
      reason: row.reason,
      details: row.details_json ? (JSON.parse(row.details_json) as Record<string, unknown>) : {},
      status: row.status,
      createdAt: readInstant(row.created_at).toISOString(),
      decidedAt: row.decided_at ? readInstant(row.decided_at).toISOString() : null,
      heldRebates: { count: Number(held?.n ?? 0), points: Number(held?.points ?? 0), fen: Number(held?.fen ?? 0) },
    });
  }
  return out;
}

/**
 * HQ decides a review: approve releases the referrer's held rebates (they confirm with the next
 * run of confirm-rebates once their window is over); reject cancels them. Either way the review
 * closes and the decision is in the audit log.
 */
export async function decideReferralReview(
  tx: Tx,
  input: { reviewId: string; decision: 'approved' | 'rejected'; adminId: string; note?: string; at: Date },
) {
  const [review] = await select<ReviewRow>(tx, `SELECT * FROM referral_reviews WHERE id = ?${forUpdate(tx)}`, [
    input.reviewId,
  ]);
  if (!review) throw new AppError('REFERRAL_REVIEW_NOT_FOUND', 'No such referral review.');
  if (review.status !== 'open') {
    throw new AppError('REFERRAL_REVIEW_DECIDED', 'This review was already decided.', { status: review.status });
  }
  const next = input.decision === 'approved' ? 'pending' : 'rejected';
  const changed = await execute(
    tx,
    "UPDATE referral_rebates SET status = ?, updated_at = ? WHERE beneficiary_id = ? AND status = 'held'",
    [next, input.at, review.referrer_id],
  );
  await execute(
    tx,
    'UPDATE referral_reviews SET status = ?, open_key = NULL, decided_at = ?, decided_by = ? WHERE id = ?',
    [input.decision, input.at, input.adminId, review.id],
  );
  const result = {
    id: review.id,
    status: input.decision,
    rebatesReleased: input.decision === 'approved' ? changed : 0,
    rebatesRejected: input.decision === 'rejected' ? changed : 0,
  };
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: `referral.review.${input.decision === 'approved' ? 'approve' : 'reject'}`,
    targetType: 'member',
    targetId: review.referrer_id,
    before: { reviewId: review.id, status: 'open', reason: review.reason },
    after: { ...result, note: input.note ?? null },
    at: input.at,
  });
  return result;
}
