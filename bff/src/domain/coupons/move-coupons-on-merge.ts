import { execute } from '../../db/tx';
import type { MergeHook } from '../identity/merge-hooks';
import { addCounters, type CounterRows, undoCounters } from '../identity/merge-row-moves';

/** The per-member claim counts behind `perMemberLimit`: a merged person's claims on both cards add up. */
const CLAIM_COUNTS: CounterRows = { table: 'coupon_member_counts', key: 'template_id', count: 'claimed' };

/**
 * Merge hook: the absorbed member's coupons (any status) move to the survivor, each move recorded
 * per merge so that the undo moves exactly those back (and not coupons the survivor held before);
 * its per-template claim counts are added to the survivor's, and taken back on undo.
 */
export const moveCouponsOnMerge: MergeHook = {
  name: 'coupons',
  async onMerge(tx, merge) {
    await execute(
      tx,
      'INSERT INTO coupon_merge_moves (merge_id, coupon_id) SELECT ?, id FROM coupons WHERE member_id = ?',
      [merge.mergeId, merge.fromMemberId],
    );
    await execute(tx, 'UPDATE coupons SET member_id = ? WHERE member_id = ?', [merge.toMemberId, merge.fromMemberId]);
    await addCounters(tx, merge, CLAIM_COUNTS);
  },
  async onUndo(tx, merge) {
    await execute(
      tx,
      `UPDATE coupons SET member_id = ?
        WHERE member_id = ? AND id IN (SELECT coupon_id FROM coupon_merge_moves WHERE merge_id = ?)`,
      [merge.fromMemberId, merge.toMemberId, merge.mergeId],
    );
    await execute(tx, 'DELETE FROM coupon_merge_moves WHERE merge_id = ?', [merge.mergeId]);
    await undoCounters(tx, merge, CLAIM_COUNTS);
  },
};
