import { render, waitFor } from '@testing-library/react';
import Taro, { fake } from '../../../test-support/taro';
import type { Me } from '../../services/types';
import CardPage from './index';

function me(points: number, overrides: Partial<Me> = {}): Me {
  return {
    id: 'm1',
    tier: 'basic',
    phoneMasked: null,
    points,
    storedValueFen: 0,
    couponsAvailable: 0,
    referralCode: 'REF123',
    expiringSoon: [],
    ...overrides,
  } as Me;
}

let points = 0;
beforeEach(() => {
  fake.reset();
  points = 0;
  Taro.setStorageSync('tongka.token', 'token-1');
  Taro.setStorageSync('tongka.member', { id: 'm1', tier: 'basic', phoneBound: true, referralCode: 'REF123' });
  Taro.setStorageSync('tongka.memberCodeSecret', {
    memberCodeId: 12345678,
    secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ',
    algorithm: 'TOTP-SHA256',
    digits: 8,
    period: 30,
    prefix: '66',
  });
  fake.handler = (params) => {
    if (new URL(params.url).pathname === '/api/me') return Promise.resolve({ statusCode: 200, data: me(points) });
    return Promise.reject({ errMsg: 'request:fail offline' });
  };
});

describe('Card page', () => {
  it('When points land while the card is open, Then the card shows them within seconds with "积分到账 +N"', async () => {
    const { container } = render(<CardPage />);
    await waitFor(() => expect(container.querySelector('#member-points')?.textContent).toBe('0'));
    expect(container.querySelector('#points-arrived')).toBeNull();
    points = 49; // a checkout at the till
    await waitFor(() => expect(container.querySelector('#member-points')?.textContent).toBe('49'), { timeout: 8_000 });
    expect(container.querySelector('#points-arrived')?.textContent).toBe('积分到账 +49');
    expect(fake.navigations).toEqual([]);
  }, 15_000);

  it('When the member has nothing yet and no home store, Then each balance tile says where to get it and no dead line shows', async () => {
    const { container } = render(<CardPage />);
    await waitFor(() => expect(container.querySelector('#member-points')?.textContent).toBe('0'));
    expect(container.querySelector('#member-stored-value-topup')?.textContent).toContain('充值');
    expect(container.querySelector('#card-open-coupons')?.textContent).toContain('›');
    expect(container.querySelector('#member-home-store')).toBeNull();
  });
});
