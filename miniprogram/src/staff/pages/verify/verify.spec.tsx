import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro, { fake } from '../../../../test-support/taro';
import { saveStaffRoles } from '../../../services/session';
import VerifyPage from './index';

const posts: Array<{ path: string; key?: string; body: unknown }> = [];

beforeEach(() => {
  fake.reset();
  Taro.setStorageSync('tongka.token', 'token-1');
  saveStaffRoles([{ storeId: 'S2', storeCode: 'B', storeName: '徐汇店', role: 'clerk' }]);
  posts.length = 0;
  fake.handler = (params) => {
    const path = new URL(params.url).pathname;
    posts.push({ path, key: params.header?.['Idempotency-Key'], body: params.data });
    if (path === '/api/stores/S2/pickups/verify') {
      return Promise.resolve({
        statusCode: 200,
        data: { exchangeId: 'X1', rewardName: '品牌帆布袋', quantity: 2, status: 'fulfilled' },
      });
    }
    if (path === '/api/stores/S2/coupons/redeem') {
      const known = (params.data as { couponCode: string }).couponCode === '9000000000000001';
      return Promise.resolve(
        known
          ? { statusCode: 200, data: { id: 'C1', name: '免费咖啡一杯', type: 'GIFT', valueFen: 2_800, status: 'used' } }
          : { statusCode: 404, data: { error: { code: 'COUPON_NOT_FOUND', message: 'There is no coupon.' } } },
      );
    }
    return Promise.reject({ errMsg: 'request:fail offline' });
  };
});

const typeAndSubmit = (container: HTMLElement, code: string) => {
  fireEvent.change(container.querySelector('#verify-code') as Element, { target: { value: code } });
  fireEvent.click(container.querySelector('#verify-submit') as Element);
};

describe('Verify page (核销券码)', () => {
  it('When the clerk types a pickup code, Then it is verified at this store and the page names the reward', async () => {
    const { container } = render(<VerifyPage />);
    typeAndSubmit(container, '800000000001');
    await waitFor(() => expect(container.querySelector('#verify-result')).not.toBeNull());
    expect(container.querySelector('#verify-result')?.textContent).toBe('已核销：品牌帆布袋 × 2，请将礼品交给会员');
    expect(posts).toEqual([
      { path: '/api/stores/S2/pickups/verify', key: expect.any(String), body: { pickupCode: '800000000001' } },
    ]);
  });

  it('When the clerk types a gift coupon code, Then it is redeemed and the page shows its value in yuan', async () => {
    const { container } = render(<VerifyPage />);
    typeAndSubmit(container, '9000000000000001');
    await waitFor(() => expect(container.querySelector('#verify-result')).not.toBeNull());
    expect(container.querySelector('#verify-result')?.textContent).toBe('已核销赠品券：免费咖啡一杯（价值 ¥28.00）');
    expect(posts.map((post) => post.path)).toEqual(['/api/stores/S2/coupons/redeem']);
  });

  it('When the code is unknown, Then the page says so in Chinese', async () => {
    const { container } = render(<VerifyPage />);
    typeAndSubmit(container, '9000000000000099');
    await waitFor(() => expect(container.querySelector('#verify-result')).not.toBeNull());
    expect(container.querySelector('#verify-result')?.textContent).toBe('没有找到这个券码，请核对后重试。');
  });
});
