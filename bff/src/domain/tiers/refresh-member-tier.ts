import type { Tier, TierRule } from '@tongka/shared-types';
import { execute, select, type Tx } from '../../db/tx';
import { ulid } from '../shared/ulid';
import { rollingWindowStart, tierFor } from './tier-for';

/**
 * Money the member paid (cash + stored value) over the rolling 12 months, net of refunds.
 * Points deductions are not spend: they are a discount the member already earned.
 */
export async function rollingPaidFen(db: Tx, memberId: string, asOf: Date): Promise<number> {
  const [row] = await select<{ paid: number | string | null; refunded: number | string | null }>(
    db,
    `SELECT SUM(c.cash_due_fen + c.stored_value_paid_fen) AS paid,
            (SELECT SUM(r.cash_refunded_fen + r.stored_value_returned_fen) FROM checkout_refunds r
               JOIN checkouts c2 ON c2.id = r.checkout_id
              WHERE c2.member_id = ? AND c2.created_at > ? AND c2.created_at <= ?) AS refunded
       FROM checkouts c WHERE c.member_id = ? AND c.created_at > ? AND c.created_at <= ?`,
    [memberId, rollingWindowStart(asOf), asOf, memberId, rollingWindowStart(asOf), asOf],
  );
  return Number(row?.paid ?? 0) - Number(row?.refunded ?? 0);
}

export interface TierChange {
  memberId: string;
  from: Tier;
  to: Tier;
  at: Date;
}

/** Called in the transaction that changed a tier (e.g. engagement's tier-upgrade gift), by name. */
export const tierChangeHooks = new Map<string, (tx: Tx, change: TierChange) => Promise<unknown>>();

/** Recomputes one member's tier; a change updates the member and is recorded in tier_changes. */
export async function refreshMemberTier(
  tx: Tx,
  input: {
    memberId: string;
    currentTier: Tier;
    rule: TierRule;
    asOf: Date;
    reason: string;
    /** Paid by a checkout not yet recorded (the checkout computes the tier before its row exists). */
    unrecordedPaidFen?: number;
  },
): Promise<Tier> {
  const paid = (await rollingPaidFen(tx, input.memberId, input.asOf)) + (input.unrecordedPaidFen ?? 0);
  const tier = tierFor(paid, input.rule);
  if (tier === input.currentTier) return tier;
  const changed = await execute(tx, 'UPDATE members SET tier = ?, updated_at = ? WHERE id = ? AND tier = ?', [
    tier,
    input.asOf,
    input.memberId,
    input.currentTier,
  ]);
  if (changed === 0) return input.currentTier; // someone else moved it first; their change is recorded
  await execute(
    tx,
    'INSERT INTO tier_changes (id, member_id, from_tier, to_tier, rolling_paid_fen, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [ulid(), input.memberId, input.currentTier, tier, paid, input.reason, input.asOf],
  );
  const change = { memberId: input.memberId, from: input.currentTier, to: tier, at: input.asOf };
  for (const hook of tierChangeHooks.values()) await hook(tx, change);
  return tier;
}
