import { inTransaction } from '../../bff/src/db/tx';
import { lockMembers, mergeMembers } from '../../bff/src/domain/identity/merge-members';
import type { TestBff } from './test-bff';

/** Merges `fromMemberId` into `toMemberId` as a phone merge would (hooks included); the merge id. */
export function mergeInto(bff: TestBff, fromMemberId: string, toMemberId: string, at: Date): Promise<string> {
  return inTransaction(bff.db.dataSource, async (tx) => {
    const rows = await lockMembers(tx, [fromMemberId, toMemberId]);
    return mergeMembers(
      tx,
      { fromMemberId, toMemberId, reason: 'phone', actor: { type: 'system', id: 'test' }, at },
      rows,
    );
  });
}
