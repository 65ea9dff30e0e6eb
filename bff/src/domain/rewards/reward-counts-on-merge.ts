import type { MergeHook } from '../identity/merge-hooks';
import { addCounters, type CounterRows, undoCounters } from '../identity/merge-row-moves';

const EXCHANGE_COUNTS: CounterRows = { table: 'reward_member_counts', key: 'reward_id', count: 'exchanged' };

/** Merge hook: a merged person's exchanges on both cards count against each reward's per-member limit. */
export const rewardCountsOnMerge: MergeHook = {
  name: 'reward-counts',
  onMerge: (tx, merge) => addCounters(tx, merge, EXCHANGE_COUNTS),
  onUndo: (tx, merge) => undoCounters(tx, merge, EXCHANGE_COUNTS),
};
