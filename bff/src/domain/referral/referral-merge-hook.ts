import { execute, readInstant, select, type Tx } from '../../db/tx';
import type { MergeContext, MergeHook } from '../identity/merge-hooks';
import { resolveActiveMemberId } from '../identity/resolve-active-member';
import { placeholders } from './sql-helpers';

interface Moved {
  beneficiaryOf: string[];
  refereeOf: string[];
  survivorReferrer: { before: string | null; after: string | null };
}

/**
 * Merges move rebates with the member, whichever of the two survives: rebates the absorbed member
 * earned now belong to the survivor (and are clawed back from it), rebates their purchases gave
 * others name the survivor as the referee. Undo puts exactly those rows back. The identity merge
 * moves the referral edges; this hook then keeps the older person's own referrer, so a fresh
 * attribution of a member merged into an existing one is dropped (issue #12), which also keeps
 * the graph free of cycles: every edge points at someone who joined earlier.
 */
export const referralMergeHook: MergeHook = {
  name: 'referral',
  async onMerge(tx, merge) {
    const ids = async (column: string) =>
      (
        await select<{ id: string }>(tx, `SELECT id FROM referral_rebates WHERE ${column} = ?`, [merge.fromMemberId])
      ).map((row) => row.id);
    const beneficiaryOf = await ids('beneficiary_id');
    const refereeOf = await ids('referee_id');
    await moveRebates(tx, 'beneficiary_id', beneficiaryOf, merge.toMemberId, merge.at);
    await moveRebates(tx, 'referee_id', refereeOf, merge.toMemberId, merge.at);
    const survivorReferrer = await keepOlderReferrer(tx, merge);
    const moved: Moved = { beneficiaryOf, refereeOf, survivorReferrer };
    await execute(tx, 'INSERT INTO referral_merge_moves (merge_id, moved_json, created_at) VALUES (?, ?, ?)', [
      merge.mergeId,
      JSON.stringify(moved),
      merge.at,
    ]);
  },
  async onUndo(tx, merge) {
    const [row] = await select<{ moved_json: string }>(
      tx,
      'SELECT moved_json FROM referral_merge_moves WHERE merge_id = ?',
      [merge.mergeId],
    );
    if (!row) return;
    const moved = JSON.parse(row.moved_json) as Moved;
    await moveRebates(tx, 'beneficiary_id', moved.beneficiaryOf, merge.fromMemberId, merge.at);
    await moveRebates(tx, 'referee_id', moved.refereeOf, merge.fromMemberId, merge.at);
    // The survivor's own referrer is restored by the identity undo (merge-members survivorBefore).
  },
};

async function moveRebates(tx: Tx, column: string, ids: string[], toMemberId: string, at: Date): Promise<void> {
  if (ids.length === 0) return;
  await execute(
    tx,
    `UPDATE referral_rebates SET ${column} = ?, updated_at = ? WHERE id IN (${placeholders(ids.length)})`,
    [toMemberId, at, ...ids],
  );
}

/**
 * The survivor's referrer becomes the older person's own: the absorbed member's when it is the
 * older one (its row still holds it), else the survivor's own, which the identity merge kept
 * unless the survivor had none (then it took the absorbed one's, which we drop).
 */
async function keepOlderReferrer(tx: Tx, merge: MergeContext) {
  const rows = await select<{ id: string; referrer_id: string | null; created_at: unknown }>(
    tx,
    'SELECT id, referrer_id, created_at FROM members WHERE id IN (?, ?)',
    [merge.fromMemberId, merge.toMemberId],
  );
  const from = rows.find((row) => row.id === merge.fromMemberId);
  const to = rows.find((row) => row.id === merge.toMemberId);
  if (!from || !to) return { before: null, after: null };
  const fromIsOlder = readInstant(from.created_at).getTime() < readInstant(to.created_at).getTime();
  let referrerId: string | null = to.referrer_id;
  if (fromIsOlder) referrerId = from.referrer_id;
  else if (
    to.referrer_id !== null &&
    to.referrer_id === from.referrer_id &&
    !(await attributedTo(tx, to.id, to.referrer_id))
  )
    referrerId = null;
  if (referrerId === to.id || referrerId === from.id) referrerId = null;
  if (referrerId !== to.referrer_id) {
    await execute(tx, 'UPDATE members SET referrer_id = ?, updated_at = ? WHERE id = ?', [referrerId, merge.at, to.id]);
  }
  return { before: to.referrer_id, after: referrerId };
}

/** Whether the member's own attribution (followed through later merges of its referrer) is `referrerId`. */
async function attributedTo(tx: Tx, memberId: string, referrerId: string): Promise<boolean> {
  const [row] = await select<{ referrer_id: string }>(
    tx,
    'SELECT referrer_id FROM referral_attributions WHERE referee_id = ?',
    [memberId],
  );
  if (!row) return false;
  return (await resolveActiveMemberId(tx, row.referrer_id)) === referrerId;
}
