import { memberCodeAt } from '@tongka/shared-types';
import type { Sender } from '../sender';
import type { Person, World } from '../world';

/**
 * The scan id of the person at a store: one scan serves any number of checkouts there for ten
 * minutes, and one code opens one scan, so a new store takes the code of a neighbouring step.
 */
export async function scanAt(world: World, person: Person, storeIndex: number, send: Sender) {
  const cached = person.scans.get(storeIndex);
  if (cached) return cached;
  const secret = await send.plain({
    kind: 'scan',
    method: 'GET',
    path: '/api/me/member-code-secret',
    body: () => undefined,
    token: person.tokenA,
    timeoutMs: 4000,
  });
  if (secret?.status !== 200) return undefined;
  const store = world.stores[storeIndex];
  for (const step of [0, 1, -1]) {
    const code = memberCodeAt(secret.body.memberCodeId, secret.body.secret, Date.now() + step * 30_000);
    const reply = await send.plain({
      kind: 'scan',
      path: `/api/stores/${store.id}/scan`,
      body: () => ({ code }),
      token: store.clerkToken,
      timeoutMs: 4000,
    });
    if (reply?.status === 200) {
      person.scans.set(storeIndex, reply.body.scanId);
      return reply.body.scanId as string;
    }
  }
  return undefined;
}
