import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro, { fake } from '../../../test-support/taro';
import SignInPage from './index';

beforeEach(() => {
  fake.reset();
  fake.handler = (params) => {
    if (new URL(params.url).pathname === '/api/auth/wechat-login') {
      return Promise.resolve({
        statusCode: 200,
        data: {
          token: 'token-new',
          member: { id: 'm-new', tier: 'basic', phoneBound: false, referralCode: 'R1' },
          staff: [],
        },
      });
    }
    return Promise.reject({ errMsg: 'request:fail offline' });
  };
});

describe('Launch page', () => {
  it('When the member has just deleted their data, Then it says so and opens no new card until asked', async () => {
    fake.routerParams = { deleted: '1' };
    const { container } = render(<SignInPage />);
    expect(container.querySelector('#data-deleted')?.textContent).toContain('你的数据已删除');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.requests).toHaveLength(0);
    fireEvent.click(container.querySelector('#open-new-card') as Element);
    await waitFor(() => expect(fake.navigations).toContainEqual({ kind: 'switchTab', url: '/pages/card/index' }));
    expect(Taro.getStorageSync('tongka.token')).toBe('token-new');
  });

  it('When opened normally, Then it signs in silently and goes to the card', async () => {
    render(<SignInPage />);
    await waitFor(() => expect(fake.navigations).toContainEqual({ kind: 'switchTab', url: '/pages/card/index' }));
  });
});
