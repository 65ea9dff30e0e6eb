import { render, waitFor } from '@testing-library/react';
import { fake, lastShare } from '../../../../test-support/taro';
import type { MyReferralResponse } from '../../../services/referral';
import InvitePage from './index';

const referral: MyReferralResponse = {
  referralCode: 'ABCD2345',
  sharePath: '/pages/index/index?r=ABCD2345',
  invitedCount: 2,
  pendingRebate: { points: 500, fen: 0 },
  confirmedRebate: { points: 200, fen: 0 },
  invitees: [
    { memberIdMasked: '会员****8YC8', joinedAt: '2026-11-20T02:00:00.000Z', firstPaidAt: '2026-11-23T04:00:00.000Z' },
    { memberIdMasked: '会员****QQ11', joinedAt: '2026-11-21T02:00:00.000Z' },
  ],
  rebates: [
    {
      id: 'r2',
      level: 1,
      asset: 'POINTS',
      amount: 500,
      status: 'pending',
      inviteeMasked: '会员****8YC8',
      createdAt: '2026-11-23T04:00:00.000Z',
      confirmAt: '2026-11-30T04:00:00.000Z',
      confirmedAt: null,
    },
    {
      id: 'r1',
      level: 2,
      asset: 'POINTS',
      amount: 200,
      status: 'confirmed',
      inviteeMasked: '会员****ZZ99',
      createdAt: '2026-11-01T04:00:00.000Z',
      confirmAt: '2026-11-08T04:00:00.000Z',
      confirmedAt: '2026-11-08T05:00:00.000Z',
    },
  ],
};

beforeEach(() => {
  fake.reset();
  fake.handler = async (params) =>
    params.url.endsWith('/api/me/referral')
      ? { statusCode: 200, data: referral }
      : { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: 'no' } } };
});

describe('邀请有礼', () => {
  test('When the page opens, Then it shows the code, the totals, the invitees with join and first-purchase days, and each rebate with its day', async () => {
    const page = render(<InvitePage />);
    await waitFor(() => expect(page.container.querySelector('#invite-code')?.textContent).toBe('ABCD2345'));
    const text = (selector: string) => page.container.querySelector(selector)?.textContent ?? '';
    expect(text('#invite-count')).toBe('2');
    expect(text('#invite-pending')).toBe('500 积分');
    expect(text('#invite-confirmed')).toBe('200 积分');
    const invitees = Array.from(page.container.querySelectorAll('.tk-invitee')).map((node) => node.textContent);
    expect(invitees).toEqual(['会员****8YC8首单 2026-11-232026-11-20 加入', '会员****QQ11尚未消费2026-11-21 加入']);
    const rebates = Array.from(page.container.querySelectorAll('.tk-rebate')).map((node) => node.textContent);
    expect(rebates).toEqual([
      '一级返利 · 会员****8YC8500 积分待到账 · 预计 2026-11-30 到账',
      '二级返利 · 会员****ZZ99200 积分已到账 · 2026-11-08 到账',
    ]);
  });

  test('When the member shares the page to a chat, Then the card opens the entry page with their code', async () => {
    const page = render(<InvitePage />);
    await waitFor(() => expect(page.container.querySelector('#invite-code')).not.toBeNull());
    expect(lastShare?.().path).toBe('/pages/index/index?r=ABCD2345');
    // Outside a browser the share goes through WeChat's share button, not a link.
    expect(page.container.querySelector('#invite-share')).not.toBeNull();
    expect(page.container.querySelector('#invite-share-link')).toBeNull();
  });
});
