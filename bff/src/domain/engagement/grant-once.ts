import { execute, isUniqueViolation, type Tx } from '../../db/tx';
import { earnPoints } from '../ledger';
import { ulid } from '../shared/ulid';

/**
 * An HQ-funded points gift that may happen once per member and key ("signup", "birthday:2026",
 * "tier:gold:2026"): the unique (member, key) row decides, then one BONUS earn through the ledger.
 * False when it was already given (or nothing is configured).
 */
export async function grantOnce(
  tx: Tx,
  input: { memberId: string; grantKey: string; points: number; note: string; at: Date },
): Promise<boolean> {
  if (input.points <= 0) return false;
  const id = ulid();
  try {
    await execute(
      tx,
      'INSERT INTO member_grants (id, member_id, grant_key, points, transfer_id, created_at) VALUES (?, ?, ?, ?, NULL, ?)',
      [id, input.memberId, input.grantKey, input.points, input.at],
    );
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
  const { transferIds } = await earnPoints(tx, {
    memberId: input.memberId,
    storeId: null,
    points: input.points,
    kind: 'BONUS',
    fundedBy: 'HQ',
    idempotencyKey: `grant:${input.memberId}:${input.grantKey}`,
    causeType: 'member-grant',
    causeId: id,
    earnedAt: input.at,
    note: input.note,
  });
  await execute(tx, 'UPDATE member_grants SET transfer_id = ? WHERE id = ?', [transferIds[0] ?? null, id]);
  return true;
}
