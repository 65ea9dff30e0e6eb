import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro, { fake } from '../../../../test-support/taro';
import type { ScanResponse } from '../../../services/types';
import ScanPage from './index';

const STORE_ID = '01STORE';
const member = (id: string, phoneMasked: string): ScanResponse['member'] => ({
  id,
  tier: 'basic',
  phoneMasked,
  homeStoreId: null,
  homeStoreName: null,
  points: 120,
  storedValueFen: 0,
  pointsDebt: 0,
  earnBlocked: false,
  spendBlocked: false,
  coupons: [],
  redeemRule: { pointsPerYuan: 100, maxShareOfOrder: 0.5, minPointsPerUse: null },
});
const leftover = {
  storeId: STORE_ID,
  scanId: 'scan-old',
  expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(),
  member: member('m-old', '139****0000'),
};

beforeEach(() => {
  fake.reset();
  Taro.setStorageSync('tongka.token', 'token-1');
  Taro.setStorageSync('tongka.staff', [{ storeId: STORE_ID, storeCode: 'SH01', role: 'clerk' }]);
});

const typeCode = (container: HTMLElement, code: string) => {
  fireEvent.change(container.querySelector('#manual-code-input') as Element, { target: { value: code } });
  fireEvent.click(container.querySelector('#manual-code-submit') as Element);
};

describe('Scan page', () => {
  it('When the cashier comes back after a sale (or Back), Then the page is empty: no member, no 收银结账', () => {
    Taro.setStorageSync('tongka.staff.scan', leftover);
    const { container } = render(<ScanPage />);
    expect(container.querySelector('#scanned-member')).toBeNull();
    expect(container.querySelector('#go-checkout')).toBeNull();
    // And the leftover scan is gone, so the checkout page cannot pick it up either.
    expect(Taro.getStorageSync('tongka.staff.scan')).toBe('');
  });

  it('When a scan fails after another member was shown, Then only the error shows, with no panel and no button', async () => {
    let answer = {
      statusCode: 200,
      data: { scanId: 'scan-1', expiresAt: leftover.expiresAt, member: member('m1', '138****1234') } as unknown,
    };
    fake.handler = () => Promise.resolve(answer as { statusCode: number; data: unknown });
    const { container } = render(<ScanPage />);
    typeCode(container, '661234567812345678');
    await waitFor(() => expect(container.querySelector('#scanned-member-phone')?.textContent).toBe('138****1234'));
    expect(container.querySelector('#go-checkout')).not.toBeNull();

    answer = { statusCode: 410, data: { error: { code: 'CODE_EXPIRED', message: 'expired' } } };
    typeCode(container, '669999999912345678');
    await waitFor(() => expect(container.querySelector('#scan-error')).not.toBeNull());
    expect(container.querySelector('#scanned-member')).toBeNull();
    expect(container.querySelector('#go-checkout')).toBeNull();
    expect(Taro.getStorageSync('tongka.staff.scan')).toBe('');
  });
});
