import { select, type Tx } from '../../db/tx';

const MAX_MERGE_HOPS = 16;

/**
 * The active member an id stands for today: itself, or, if it was merged away, the survivor
 * (following A→B→C chains). Deleted members and unknown ids resolve to null.
 */
export async function resolveActiveMemberId(db: Tx, memberId: string): Promise<string | null> {
  let current = memberId;
  for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
    const [row] = await select<{ status: string; merged_into_id: string | null }>(
      db,
      'SELECT status, merged_into_id FROM members WHERE id = ?',
      [current],
    );
    if (!row) return null;
    if (row.status === 'active') return current;
    if (row.status !== 'merged' || !row.merged_into_id) return null;
    current = row.merged_into_id;
  }
  return null;
}
