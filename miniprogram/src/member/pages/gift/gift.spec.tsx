import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro, { fake, lastShare } from '../../../../test-support/taro';
import GiftPage from './index';

let gifts: Array<{ key?: string; body: unknown }> = [];

beforeEach(() => {
  fake.reset();
  Taro.setStorageSync('tongka.token', 'token-1');
  gifts = [];
  fake.handler = (params) => {
    const path = new URL(params.url).pathname;
    if (path === '/api/me') {
      return Promise.resolve({ statusCode: 200, data: { id: 'm1', referralCode: 'MINE2345', points: 100 } });
    }
    if (path === '/api/me/points/gift-options') {
      return Promise.resolve({
        statusCode: 200,
        data: { enabled: true, perGiftMaxPoints: 1_000, remainingToday: 2_000, spendablePoints: 100 },
      });
    }
    if (path === '/api/me/points/gift' && params.method === 'POST') {
      gifts.push({ key: params.header?.['Idempotency-Key'], body: params.data });
      return Promise.resolve({
        statusCode: 201,
        data: { giftId: 'G1', points: 30, recipientCodeMasked: 'FR****45', pointsLeft: 70 },
      });
    }
    return Promise.reject({ errMsg: 'request:fail offline' });
  };
});

describe('Points gift page', () => {
  it('When a friend’s share card opens the page, Then the friend’s code is filled in and the gift goes to it once', async () => {
    fake.routerParams = { to: 'FRIEND45' };
    const { container } = render(<GiftPage />);
    expect((container.querySelector('#gift-code') as HTMLInputElement).value).toBe('FRIEND45');
    await waitFor(() => expect(container.querySelector('#gift-spendable')?.textContent).toContain('可用积分 100'));
    fireEvent.change(container.querySelector('#gift-points') as Element, { target: { value: '30' } });
    fireEvent.click(container.querySelector('#gift-send') as Element);
    await waitFor(() => expect(container.querySelector('#gift-sent')).not.toBeNull());
    expect(container.querySelector('#gift-sent')?.textContent).toBe('已转赠 30 积分给 FR****45，剩余可用 70 积分。');
    expect(gifts).toEqual([{ key: expect.any(String), body: { recipientCode: 'FRIEND45', points: 30 } }]);
  });

  it('When the member shares the page, Then the card opens the gift page with the member’s own code', async () => {
    const { container } = render(<GiftPage />);
    expect((container.querySelector('#gift-code') as HTMLInputElement).value).toBe('');
    await waitFor(() => expect(container.querySelector('#gift-share')?.textContent).toBe('分享我的收礼卡片'));
    expect(container.querySelector('#gift-my-code')?.textContent).toContain('你的邀请码 MINE2345');
    expect(lastShare?.()).toEqual({ title: '送我一些积分吧', path: '/member/pages/gift/index?to=MINE2345' });
  });
});
