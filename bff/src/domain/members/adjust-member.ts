import type { AdjustRequest } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { creditStoredValue, debitStoredValue, earnPoints, getMemberBalances, spendPoints } from '../ledger';
import { AppError } from '../shared/app-error';
import { requireStore } from '../stores/manage-stores';

/**
 * HQ's manual correction of a balance: one ADJUST transfer through the ledger, funded by HQ
 * (store null unless named), in the idempotent transaction of the route; before/after audited.
 */
export async function adjustMember(
  tx: Tx,
  input: AdjustRequest & { memberId: string; adminId: string; operationId: string; now: Date },
) {
  const [member] = await select<{ status: string }>(tx, 'SELECT status FROM members WHERE id = ?', [input.memberId]);
  if (!member) throw new AppError('MEMBER_NOT_FOUND', 'No such member.', { memberId: input.memberId });
  if (member.status !== 'active')
    throw new AppError('MEMBER_MERGED', 'This member was merged or deleted.', { status: member.status });
  // An unknown store would get ledger accounts and a place in the settlement statement.
  if (input.storeId) await requireStore(tx, input.storeId);
  const before = await getMemberBalances(tx, input.memberId);
  const common = {
    memberId: input.memberId,
    storeId: input.storeId ?? null,
    idempotencyKey: `adjust:${input.operationId}`,
    causeType: 'admin-adjust',
    causeId: input.operationId,
    note: input.reason,
  };
  const size = Math.abs(input.amount);
  if (input.asset === 'POINTS' && input.amount > 0) {
    await earnPoints(tx, { ...common, points: size, kind: 'ADJUST', fundedBy: 'HQ', earnedAt: input.now });
  } else if (input.asset === 'POINTS') {
    await spendPoints(tx, { ...common, points: size, kind: 'ADJUST', at: input.now });
  } else if (input.amount > 0) {
    await creditStoredValue(tx, { ...common, fen: size, kind: 'ADJUST', fundedBy: 'HQ', at: input.now });
  } else {
    await debitStoredValue(tx, { ...common, fen: size, kind: 'ADJUST', at: input.now });
  }
  const after = await getMemberBalances(tx, input.memberId);
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'member.adjust',
    targetType: 'member',
    targetId: input.memberId,
    before: { points: before.points, storedValueFen: before.storedValueFen },
    after: {
      points: after.points,
      storedValueFen: after.storedValueFen,
      asset: input.asset,
      amount: input.amount,
      reason: input.reason,
    },
    at: input.now,
  });
  return {
    memberId: input.memberId,
    asset: input.asset,
    amount: input.amount,
    points: after.points,
    storedValueFen: after.storedValueFen,
  };
}
