import { act, fireEvent, render, waitFor } from '@testing-library/react';
import type { TopupResponse } from '@tongka/shared-types';
import Taro, { fake } from '../../../../test-support/taro';
import TopupResultPage from './index';

function topup(status: TopupResponse['status']): TopupResponse {
  return {
    topupId: 'T1',
    outTradeNo: 'TUT1',
    status,
    amountFen: 10_000,
    bonusFen: 1_000,
    storeId: 'S1',
    storeName: '通卡 上海店',
    createdAt: '2026-11-27T02:00:00.000Z',
    paidAt: status === 'paid' ? '2026-11-27T02:00:05.000Z' : null,
    refund: null,
  };
}

let answers: Array<TopupResponse['status']> = [];

beforeEach(() => {
  jest.useFakeTimers();
  fake.reset();
  fake.routerParams = { topupId: 'T1' };
  Taro.setStorageSync('tongka.token', 'token-1');
  answers = [];
  fake.handler = (params) => {
    expect(params.url).toContain('/api/pay/topups/T1');
    return Promise.resolve({ statusCode: 200, data: topup(answers.shift() ?? 'pending') });
  };
});
afterEach(() => jest.useRealTimers());

describe('Top-up result page', () => {
  it('When the BFF confirms on the third check, Then the page waits, then shows the amount and the bonus', async () => {
    answers = ['pending', 'pending', 'paid'];
    const { container } = render(<TopupResultPage />);
    await waitFor(() => expect(container.querySelector('#topup-result-waiting')).not.toBeNull());
    await act(async () => {
      await jest.advanceTimersByTimeAsync(3_500);
    });
    await waitFor(() => expect(container.querySelector('#topup-result-paid')).not.toBeNull());
    expect(container.querySelector('#topup-result-amount')?.textContent).toBe('¥100.00');
    expect(container.querySelector('#topup-result-bonus')?.textContent).toContain('¥10.00');
    expect(container.querySelector('#topup-result-waiting')).toBeNull();
  });

  it('When the BFF has no confirmation after 20 seconds, Then the page says so instead of claiming success, and can check again', async () => {
    const { container } = render(<TopupResultPage />);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(21_000);
    });
    await waitFor(() => expect(container.querySelector('#topup-result-unconfirmed')).not.toBeNull());
    expect(container.textContent).toContain('暂未收到微信支付的到账确认');
    expect(container.querySelector('#topup-result-paid')).toBeNull();
    const checks = fake.requests.length;
    answers = ['paid'];
    fireEvent.click(container.querySelector('#topup-result-retry') as Element);
    await waitFor(() => expect(container.querySelector('#topup-result-paid')).not.toBeNull());
    expect(fake.requests.length).toBe(checks + 1);
  });
});
