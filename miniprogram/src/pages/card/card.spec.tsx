import { createHmac } from 'node:crypto';
import { fireEvent, render, waitFor } from '@testing-library/react';
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

  it('When the member opens 离线确认码, Then the card shows the 6-digit one-time code computed offline from the member-code secret', async () => {
    // HMAC-SHA256(secret, "approve:" + minute), RFC 4226 truncation to 6 digits, computed here independently.
    const codeAt = (ms: number) => {
      const step = Math.floor(ms / 60_000);
      const mac = createHmac('sha256', Buffer.from('c2VjcmV0LXNlY3JldC1zZWNyZXQ', 'base64url'))
        .update(`approve:${step}`)
        .digest();
      const offset = (mac[mac.length - 1] as number) & 0x0f;
      return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
    };
    const { container } = render(<CardPage />);
    await waitFor(() => expect(container.querySelector('#approval-code-toggle')).not.toBeNull());
    expect(container.querySelector('#approval-code-digits')).toBeNull();
    fireEvent.click(container.querySelector('#approval-code-toggle') as Element);
    const before = Date.now();
    const shown = container.querySelector('#approval-code-digits')?.textContent;
    // The minute may turn between reading the clock and rendering: either side's code is the right one.
    expect([codeAt(before - 1_000), codeAt(before)]).toContain(shown);
    expect(shown).toMatch(/^\d{6}$/);
    expect(container.querySelector('#approval-code-hint')?.textContent).toMatch(/告诉正在为你结账的收银员.*秒后更新/);
    // No network is needed: every request in this test fails offline except /api/me.
    expect(fake.requests.some((r) => r.url.includes('member-code-secret'))).toBe(false);
  });

  it('When a large deduction waits for the member, Then the card shows the store, amount and deduction in Chinese and 同意 approves it', async () => {
    const expiresAt = new Date(Date.now() + 90_000).toISOString();
    const request = {
      approvalId: 'ap1',
      kind: 'checkout',
      status: 'pending',
      storeId: 's1',
      storeName: '静安店',
      scanId: 'sc1',
      amountFen: 12_800,
      points: 6_000,
      storedValueFen: 5_000,
      decidedWith: null,
      createdAt: new Date().toISOString(),
      expiresAt,
    };
    const decisions: string[] = [];
    fake.handler = (params) => {
      const path = new URL(params.url).pathname;
      if (path === '/api/me') return Promise.resolve({ statusCode: 200, data: me(0) });
      if (path === '/api/me/member-approvals') {
        return Promise.resolve({ statusCode: 200, data: { items: decisions.length ? [] : [request] } });
      }
      if (path === '/api/me/member-approvals/ap1/approve') {
        decisions.push(`${params.method} approve`);
        return Promise.resolve({ statusCode: 200, data: { ...request, status: 'approved', decidedWith: 'phone' } });
      }
      return Promise.reject({ errMsg: 'request:fail offline' });
    };
    const { container } = render(<CardPage />);
    await waitFor(() => expect(container.querySelector('#member-approval-sheet')).not.toBeNull());
    expect(container.querySelector('#approval-store')?.textContent).toBe('静安店');
    expect(container.querySelector('#approval-amount')?.textContent).toBe('¥128.00');
    expect(container.querySelector('#approval-points')?.textContent).toBe('6000 积分');
    expect(container.querySelector('#approval-stored-value')?.textContent).toBe('¥50.00');
    expect(container.querySelector('#approval-countdown')?.textContent).toMatch(/^请在 1:[23]\d 内确认$/);
    fireEvent.click(container.querySelector('#approval-approve') as Element);
    await waitFor(() => expect(container.querySelector('#member-approval-sheet')).toBeNull());
    expect(decisions).toEqual(['POST approve']);
  });

  it('When the member taps 拒绝, Then the decline is sent and the sheet closes', async () => {
    const request = {
      approvalId: 'ap2',
      kind: 'checkout',
      status: 'pending',
      storeId: 's1',
      storeName: '静安店',
      scanId: 'sc1',
      amountFen: 60_000,
      points: 0,
      storedValueFen: 60_000,
      decidedWith: null,
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 90_000).toISOString(),
    };
    const decisions: string[] = [];
    fake.handler = (params) => {
      const path = new URL(params.url).pathname;
      if (path === '/api/me') return Promise.resolve({ statusCode: 200, data: me(0) });
      if (path === '/api/me/member-approvals') {
        return Promise.resolve({ statusCode: 200, data: { items: decisions.length ? [] : [request] } });
      }
      if (path === '/api/me/member-approvals/ap2/reject') {
        decisions.push(`${params.method} reject`);
        return Promise.resolve({ statusCode: 200, data: { ...request, status: 'rejected', decidedWith: 'phone' } });
      }
      return Promise.reject({ errMsg: 'request:fail offline' });
    };
    const { container } = render(<CardPage />);
    await waitFor(() => expect(container.querySelector('#approval-reject')?.textContent).toBe('拒绝'));
    expect(container.querySelector('#approval-stored-value')?.textContent).toBe('¥600.00');
    fireEvent.click(container.querySelector('#approval-reject') as Element);
    await waitFor(() => expect(container.querySelector('#member-approval-sheet')).toBeNull());
    expect(decisions).toEqual(['POST reject']);
  });
});
