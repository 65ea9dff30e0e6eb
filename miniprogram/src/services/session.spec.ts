import { fake } from '../../test-support/taro';
import {
  cacheCodeSecret,
  getCachedCodeSecret,
  getMeSnapshot,
  markReferralSent,
  pendingReferralCode,
  rememberReferralCode,
  saveLogin,
  saveMeSnapshot,
} from './session';
import type { Me, MemberCodeSecret } from './types';

const secret: MemberCodeSecret = {
  memberCodeId: 7,
  secret: 'AAAA',
  algorithm: 'TOTP-SHA256',
  digits: 8,
  period: 30,
  prefix: '66',
};
const me = { id: 'm1', points: 10 } as Me;
const member = (id: string) => ({
  id,
  tier: 'silver',
  phoneBound: true,
  referralCode: 'R',
});

beforeEach(() => fake.reset());

describe('session', () => {
  it('When the same member signs in again, Then the cached code and balances stay', () => {
    saveLogin('t1', member('m1'));
    cacheCodeSecret(secret);
    saveMeSnapshot(me);
    saveLogin('t2', member('m1'));
    expect(getCachedCodeSecret()).toEqual(secret);
    expect(getMeSnapshot()?.me).toEqual(me);
  });

  it('When a merge hands over another member, Then the old code secret and balances are dropped', () => {
    saveLogin('t1', member('m1'));
    cacheCodeSecret(secret);
    saveMeSnapshot(me);
    saveLogin('t2', member('survivor'));
    expect(getCachedCodeSecret()).toBeNull();
    expect(getMeSnapshot()).toBeNull();
  });

  it('When several referral codes are seen, Then the first is kept and sent only once', () => {
    rememberReferralCode('FIRST');
    rememberReferralCode('SECOND');
    expect(pendingReferralCode()).toBe('FIRST');
    markReferralSent();
    expect(pendingReferralCode()).toBeUndefined();
  });
});
