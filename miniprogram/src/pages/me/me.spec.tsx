import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro, { fake } from '../../../test-support/taro';
import MePage from './index';

const STORE = { storeId: '01STORE', storeCode: 'SH01', storeName: '通卡 上海店', role: 'clerk' };

let binds: unknown[] = [];
beforeEach(() => {
  fake.reset();
  binds = [];
  Taro.setStorageSync('tongka.token', 'token-1');
  Taro.setStorageSync('tongka.member', { id: 'm1', tier: 'basic', phoneBound: true, referralCode: 'REF123' });
  fake.handler = (params) => {
    const path = new URL(params.url).pathname;
    if (path === '/api/staff/bind') {
      binds.push(params.data);
      const { inviteCode } = params.data as { inviteCode: string };
      if (inviteCode !== 'ABCDEFGH2345') {
        return Promise.resolve({ statusCode: 400, data: { error: { code: 'INVITE_INVALID', message: 'no' } } });
      }
      return Promise.resolve({ statusCode: 200, data: { staff: [STORE] } });
    }
    if (path === '/healthz') return Promise.resolve({ statusCode: 200, data: { ok: true, db: 'up' } });
    return Promise.reject({ errMsg: 'request:fail offline' });
  };
});

describe('Me page: staff invite', () => {
  it('When a clerk types the invite code, Then the role is bound, the store is listed and the till entry appears', async () => {
    const { container } = render(<MePage />);
    expect(container.querySelector('#me-stores')).toBeNull();
    fireEvent.change(container.querySelector('#invite-code-input') as Element, { target: { value: ' ABCDEFGH2345 ' } });
    fireEvent.click(container.querySelector('#invite-bind-button') as Element);
    await waitFor(() => expect(container.querySelector('#invite-result')?.textContent).toContain('绑定成功'));
    expect(binds).toEqual([{ inviteCode: 'ABCDEFGH2345' }]);
    expect(container.querySelector('#invite-result')?.textContent).toContain('店员');
    expect(container.querySelector('#me-stores')?.textContent).toContain('店员');
    expect(Taro.getStorageSync('tongka.staff')).toEqual([STORE]);
    expect(container.textContent).toContain('店员收银台');
  });

  it("When the invite's QR is scanned, Then the code in it is bound", async () => {
    const original = Taro.scanCode;
    Taro.scanCode = () => Promise.resolve({ result: 'https://tongka.example/invite?invite=ABCDEFGH2345' }) as never;
    try {
      const { container } = render(<MePage />);
      fireEvent.click(container.querySelector('#invite-scan-button') as Element);
      await waitFor(() => expect(container.querySelector('#invite-result')?.textContent).toContain('绑定成功'));
      expect(binds).toEqual([{ inviteCode: 'ABCDEFGH2345' }]);
    } finally {
      Taro.scanCode = original;
    }
  });

  it('When the code is wrong, Then the reason is shown in Chinese and no role is kept', async () => {
    const { container } = render(<MePage />);
    fireEvent.change(container.querySelector('#invite-code-input') as Element, { target: { value: 'WRONG' } });
    fireEvent.click(container.querySelector('#invite-bind-button') as Element);
    await waitFor(() =>
      expect(container.querySelector('#invite-result')?.textContent).toBe('店员邀请码无效或已过期。'),
    );
    expect(Taro.getStorageSync('tongka.staff')).toBe('');
  });

  it('When the service is up, Then no status line is shown; a referral code comes with what it is for', async () => {
    const { container } = render(<MePage />);
    await waitFor(() => expect(fake.requests.some((r) => r.url.endsWith('/healthz'))).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(container.querySelector('#health-status')).toBeNull();
    expect(container.querySelector('#me-referral-code')?.textContent).toBe('REF123');
    expect(container.querySelector('#me-referral-hint')?.textContent).toContain('邀请');
  });
});
