import type { Tx } from '../../db/tx';

/**
 * What other modules move when one member is merged into another (coupons, rebates, member-code
 * secrets...). Register at module load: `mergeHooks.push({name: 'coupons', onMerge, onUndo})`.
 * Hooks run inside the merge transaction, after balances and identities moved; a hook that throws
 * aborts the whole merge. `onUndo` runs inside the undo transaction.
 */
export interface MergeContext {
  mergeId: string;
  fromMemberId: string;
  toMemberId: string;
  at: Date;
}

export interface MergeHook {
  name: string;
  onMerge(tx: Tx, merge: MergeContext): Promise<void>;
  onUndo?(tx: Tx, merge: MergeContext): Promise<void>;
}

export const mergeHooks: MergeHook[] = [];
