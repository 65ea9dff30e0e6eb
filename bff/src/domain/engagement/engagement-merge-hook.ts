import type { MergeHook } from '../identity/merge-hooks';
import {
  addCounters,
  type CounterRows,
  type KeyedRows,
  moveKeyedRows,
  undoCounters,
  undoKeyedRows,
} from '../identity/merge-row-moves';

/** One-off grants (sign-up, birthday per year, tier per year), the locked birthday, the days checked in. */
const KEYED: KeyedRows[] = [
  { table: 'member_grants', key: 'grant_key' },
  { table: 'member_birthdays', key: null },
  { table: 'check_ins', key: 'local_date' },
];
/** Points gifted per chain-local day: the daily limit holds for the person, not per card. */
const GIFT_DAYS: CounterRows = { table: 'points_gift_days', key: 'local_date', count: 'points_sent' };

/**
 * Merge hook: what a member was given "once" follows them to the survivor, so the merged person
 * cannot be given it a second time (a second birthday gift, sign-up gift, tier gift, check-in of
 * the same day). Where the survivor already holds the same key its own row stays the one on record.
 * Undo moves exactly those rows back.
 */
export const engagementMergeHook: MergeHook = {
  name: 'engagement',
  async onMerge(tx, merge) {
    for (const spec of KEYED) await moveKeyedRows(tx, merge, spec);
    await addCounters(tx, merge, GIFT_DAYS);
  },
  async onUndo(tx, merge) {
    for (const spec of KEYED) await undoKeyedRows(tx, merge, spec);
    await undoCounters(tx, merge, GIFT_DAYS);
  },
};
