import { readRows } from '../world';
import { relogin } from './login';
import { statusOf } from './merge';
import type { OpKind } from './op';

/**
 * HQ undoes the person's merge: B's balances go back to B (or the undo is refused when A no
 * longer holds them). Both sessions are cut, so A signs in again.
 */
export const undoMerge: OpKind = {
  name: 'undo-merge',
  weight: 1,
  async run({ world, person, send }) {
    if (!person.merged || !person.memberB) return;
    const [merge] = await readRows<{ id: string }>(
      world,
      'SELECT id FROM member_merges WHERE from_member_id = ? AND to_member_id = ? AND undone_at IS NULL',
      [person.memberB, person.memberA],
    );
    if (!merge) return;
    await send.plain({
      kind: 'undo-merge',
      path: `/api/admin/merges/${merge.id}/undo`,
      body: () => ({}),
      token: world.admin,
      timeoutMs: 4000,
    });
    person.merged = (await statusOf(world, person.memberB)) === 'merged';
    person.scans.clear();
    await relogin(world, person, send);
  },
};
