import type { Sender } from '../sender';
import type { Person, World } from '../world';
import type { OpKind } from './op';

/** Signs the person in again with a fresh wx.login code: the same member, a new token. */
export const login: OpKind = {
  name: 'login',
  weight: 1,
  async run({ world, person, send }) {
    await relogin(world, person, send);
  },
};

export async function relogin(world: Pick<World, 'fake'>, person: Person, send: Sender): Promise<void> {
  const reply = await send.plain({
    kind: 'login',
    path: '/api/auth/wechat-login',
    body: () => ({ code: world.fake.issueLoginCode(person.openidA) }),
    token: '',
    timeoutMs: 4000,
  });
  if (reply?.status !== 200) return;
  if (reply.body.member.id !== person.memberA)
    throw new Error(`login of ${person.openidA} reached member ${reply.body.member.id}, not ${person.memberA}`);
  person.tokenA = reply.body.token;
}
