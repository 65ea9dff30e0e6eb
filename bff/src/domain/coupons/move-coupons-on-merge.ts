import { execute } from '../../db/tx';
import type { MergeHook } from '../identity/merge-hooks';

/**
 * Merge hook: the absorbed member's coupons (any status) move to the survivor, each move recorded
 * per merge so that the undo moves exactly those back (and not coupons the survivor held before).
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
  },
  async onUndo(tx, merge) {
    await execute(
      tx,
      `UPDATE coupons SET member_id = ?
        WHERE member_id = ? AND id IN (SELECT coupon_id FROM coupon_merge_moves WHERE merge_id = ?)`,
      [merge.fromMemberId, merge.toMemberId, merge.mergeId],
    );
    await execute(tx, 'DELETE FROM coupon_merge_moves WHERE merge_id = ?', [merge.mergeId]);
  },
};
