import { newPerson } from '../world';
import type { OpKind } from './op';

/**
 * A new member signs up through the person's referral code (a retry signs in again with a new
 * wx.login code and finds the same member); they join this client's people with the usual start.
 */
export const referralSignup: OpKind = {
  name: 'referral-signup',
  weight: 1,
  async run({ world, person, send, adopt }) {
    const index = world.nextIndex++;
    const openid = `o-chaos-${world.seed}-${index}`;
    const reply = await send.plain({
      kind: 'referral-signup',
      path: '/api/auth/wechat-login',
      body: () => ({ code: world.fake.issueLoginCode(openid), referralCode: person.referralCode }),
      token: '',
      timeoutMs: 4000,
    });
    if (reply?.status !== 200) return;
    adopt(await newPerson(world, index, reply.body));
  },
};
