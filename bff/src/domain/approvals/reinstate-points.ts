import type { Approval } from '@tongka/shared-types';
import { readInstant, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { earnPoints, getMemberBalances } from '../ledger';
import { ruleInForce } from '../rules/rule-store';
import { AppError } from '../shared/app-error';
import { type ReinstateRequest, requestApproval } from './approvals';

const DAY_MS = 86_400_000;

/**
 * Asks to give a member back the points one lot lost to expiry, within the approval rule's grace
 * period after it expired; it always waits for a second admin (maker/checker).
 */
export async function requestReinstatement(
  tx: Tx,
  input: { memberId: string; lotId: string; reason: string; adminId: string; now: Date },
): Promise<Approval> {
  const [lot] = await select<{ member_id: string; issuing_store_id: string | null; expires_at: unknown }>(
    tx,
    "SELECT member_id, issuing_store_id, expires_at FROM ledger_lots WHERE id = ? AND asset = 'POINTS'",
    [input.lotId],
  );
  if (!lot || lot.member_id !== input.memberId) {
    throw new AppError('LOT_NOT_FOUND', 'This member has no such points lot.', { lotId: input.lotId });
  }
  const [expired] = await select<{ amount: string | number }>(
    tx,
    "SELECT amount FROM ledger_transfers WHERE idempotency_key = ? AND kind = 'EXPIRE'",
    [`expire:${input.lotId}`],
  );
  const graceDays = (await ruleInForce(tx, 'approval')).rule.reinstateGraceDays;
  const expiresAt = lot.expires_at === null ? null : readInstant(lot.expires_at);
  if (!expired || !expiresAt || input.now.getTime() - expiresAt.getTime() > graceDays * DAY_MS) {
    throw new AppError('LOT_NOT_REINSTATABLE', 'Only points that expired within the grace period can be reinstated.', {
      lotId: input.lotId,
      graceDays,
    });
  }
  const request: ReinstateRequest = {
    lotId: input.lotId,
    reason: input.reason,
    points: Number(expired.amount),
    issuingStoreId: lot.issuing_store_id,
  };
  return requestApproval(tx, {
    kind: 'points.reinstate',
    targetId: input.memberId,
    request,
    adminId: input.adminId,
    now: input.now,
  });
}

/**
 * Gives the expired points back as a new HQ-funded lot of the same issuing store with a fresh
 * expiry; the ledger key `reinstate:<lotId>` makes it happen at most once per lot.
 */
export async function applyReinstatement(
  tx: Tx,
  input: { approvalId: string; memberId: string; request: ReinstateRequest; adminId: string; now: Date },
): Promise<{ memberId: string; points: number; balance: number }> {
  const before = await getMemberBalances(tx, input.memberId);
  await earnPoints(tx, {
    memberId: input.memberId,
    storeId: input.request.issuingStoreId,
    points: input.request.points,
    idempotencyKey: `reinstate:${input.request.lotId}`,
    kind: 'ADJUST',
    fundedBy: 'HQ',
    earnedAt: input.now,
    causeType: 'reinstate',
    causeId: input.request.lotId,
    note: input.request.reason,
  });
  const after = await getMemberBalances(tx, input.memberId);
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'points.reinstate',
    targetType: 'member',
    targetId: input.memberId,
    before: { points: before.points },
    after: { points: after.points, lotId: input.request.lotId, approvalId: input.approvalId },
    at: input.now,
  });
  return { memberId: input.memberId, points: input.request.points, balance: after.points };
}
