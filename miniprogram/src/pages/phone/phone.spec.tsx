import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro, { fake } from '../../../test-support/taro';
import PhonePage from './index';

beforeEach(() => {
  fake.reset();
  Taro.setStorageSync('tongka.token', 'token-1');
  Taro.setStorageSync('tongka.member', { id: 'm1', tier: 'basic', phoneBound: false, referralCode: 'R1' });
  fake.handler = () =>
    Promise.resolve({
      statusCode: 200,
      data: {
        token: 'token-2',
        member: { id: 'm1', tier: 'basic', phoneBound: true, referralCode: 'R1', phone: '13800138000' },
        merged: false,
      },
    });
});

describe('Phone page', () => {
  it('When the phone is bound, Then the bind button is gone and the member is taken back to the card', async () => {
    const { container } = render(<PhonePage />);
    fireEvent.click(container.querySelector('#bind-phone-button') as Element);
    await waitFor(() => expect(container.querySelector('#bind-phone-result')?.textContent).toContain('手机号已绑定'));
    expect(fake.requests[0].data).toEqual({ code: 'phone-code' });
    expect(container.querySelector('#bind-phone-button')).toBeNull();
    await waitFor(() => expect(fake.navigations).toContainEqual({ kind: 'switchTab', url: '/pages/card/index' }), {
      timeout: 3_000,
    });
  });
});
