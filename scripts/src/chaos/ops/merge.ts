import type { Sender } from '../sender';
import { type Person, readRows, type World } from '../world';
import { relogin } from './login';
import type { OpKind } from './op';

/**
 * A phone merge: A binds the person's phone (once), a second WeChat identity B signs up and gets
 * an adjustment, then B binds the same phone and is merged into A, balances and all. Binding has
 * no key: whether it happened is read back from the database, and either way A and B together
 * must hold what the acknowledged operations imply.
 */
export const merge: OpKind = {
  name: 'merge',
  weight: 2,
  async run({ world, person, rng, send, timeoutMs }) {
    if (person.merged) return;
    if (!(await phoneOf(world, person.memberA))) {
      await bindPhone(world, send, person, person.tokenA);
      if (!(await phoneOf(world, person.memberA))) return;
    }
    person.openidB ??= `${person.openidA}-b`;
    const openidB = person.openidB;
    const signed = await send.plain({
      kind: 'merge',
      path: '/api/auth/wechat-login',
      body: () => ({ code: world.fake.issueLoginCode(openidB) }),
      token: '',
      timeoutMs: 4000,
    });
    if (signed?.status !== 200) return;
    if (person.memberB === undefined) {
      person.memberB = signed.body.member.id;
      const points = rng.int(1, 300);
      await send.idem(
        {
          kind: 'adjust',
          path: `/api/admin/members/${person.memberB}/adjust`,
          body: { asset: 'POINTS', amount: points, reason: 'chaos second identity' },
          token: world.admin,
          timeoutMs,
          person,
        },
        () => {
          person.expected.points += points;
        },
      );
    } else if (signed.body.member.id !== person.memberB) return;
    await bindPhone(world, send, person, signed.body.token);
    person.merged = (await statusOf(world, person.memberB as string)) === 'merged';
    await relogin(world, person, send);
  },
};

async function bindPhone(world: World, send: Sender, person: Person, token: string) {
  await send.plain({
    kind: 'phone-bind',
    path: '/api/me/phone',
    body: () => ({ code: world.fake.issuePhoneCode(person.phone) }),
    token,
    timeoutMs: 4000,
  });
}

async function phoneOf(world: World, memberId: string): Promise<boolean> {
  const [row] = await readRows<{ bound: number }>(
    world,
    'SELECT phone_index IS NOT NULL AS bound FROM members WHERE id = ?',
    [memberId],
  );
  return Number(row?.bound) === 1;
}

export async function statusOf(world: World, memberId: string): Promise<string | undefined> {
  const [row] = await readRows<{ status: string }>(world, 'SELECT status FROM members WHERE id = ?', [memberId]);
  return row?.status;
}
