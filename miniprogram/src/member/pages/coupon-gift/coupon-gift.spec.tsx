import { fireEvent, render, waitFor } from '@testing-library/react';
import type { MemberCoupon } from '@tongka/shared-types';
import Taro, { fake } from '../../../../test-support/taro';
import CouponGiftPage from './index';

function coupon(patch: Partial<MemberCoupon> = {}): MemberCoupon {
  return {
    id: 'C1',
    code: '9000000000000001',
    templateId: 'T1',
    name: '满50减10',
    type: 'AMOUNT_OFF',
    thresholdFen: 5_000,
    valueFen: 1_000,
    validFrom: '2026-11-23T04:00:00.000Z',
    validUntil: '2026-11-29T15:59:59.999Z',
    stackable: false,
    status: 'available',
    expiringSoon: false,
    usedAt: null,
    usedStoreId: null,
    giftable: true,
    receivedAsGift: false,
    ...patch,
  };
}

let gifts: Array<{ key?: string; body: unknown }> = [];
let failNext = false;

beforeEach(() => {
  fake.reset();
  fake.routerParams = { id: 'C1' };
  Taro.setStorageSync('tongka.token', 'token-1');
  gifts = [];
  failNext = false;
});

function serve(shown: MemberCoupon) {
  fake.handler = (params) => {
    if (params.method === 'POST') {
      expect(params.url).toContain('/api/me/coupons/C1/gift');
      gifts.push({ key: params.header?.['Idempotency-Key'], body: params.data });
      if (failNext) {
        failNext = false;
        return Promise.reject({ errMsg: 'request:fail timeout' });
      }
      return Promise.resolve({
        statusCode: 200,
        data: {
          giftId: 'G1',
          couponId: 'C1',
          name: '满50减10',
          recipientCodeMasked: 'AB****YZ',
          createdAt: '2026-11-23T05:00:00.000Z',
        },
      });
    }
    return Promise.resolve({ statusCode: 200, data: shown });
  };
}

const typeCode = (container: HTMLElement, value: string) =>
  fireEvent.change(container.querySelector('#coupon-gift-code') as Element, { target: { value } });

describe('Coupon gift page', () => {
  it('When the member types a friend’s code and confirms, Then the coupon is sent once and the page says to whom', async () => {
    serve(coupon());
    const { container } = render(<CouponGiftPage />);
    await waitFor(() => expect(container.querySelector('#coupon-gift-name')?.textContent).toBe('满50减10'));
    expect(container.textContent).toContain('满 ¥50.00 可用');
    typeCode(container, ' ABCDEFXYZ ');
    fireEvent.click(container.querySelector('#coupon-gift-send') as Element);
    await waitFor(() => expect(container.querySelector('#coupon-gift-done')).not.toBeNull());
    expect(container.querySelector('#coupon-gift-done')?.textContent).toContain('已将「满50减10」赠送给 AB****YZ');
    expect(gifts).toEqual([{ key: expect.any(String), body: { recipientCode: 'ABCDEFXYZ' } }]);
    expect(container.querySelector('#coupon-gift-send')).toBeNull();
  });

  it('When the answer is lost and the member tries again, Then the retry carries the same Idempotency-Key', async () => {
    serve(coupon());
    failNext = true;
    const { container } = render(<CouponGiftPage />);
    await waitFor(() => expect(container.querySelector('#coupon-gift-send')).not.toBeNull());
    typeCode(container, 'ABCDEFXYZ');
    fireEvent.click(container.querySelector('#coupon-gift-send') as Element);
    await waitFor(() => expect(container.querySelector('#coupon-gift-error')).not.toBeNull());
    fireEvent.click(container.querySelector('#coupon-gift-send') as Element);
    await waitFor(() => expect(container.querySelector('#coupon-gift-done')).not.toBeNull());
    expect(gifts).toHaveLength(2);
    expect(gifts[1].key).toBe(gifts[0].key);
  });

  it('When the coupon was itself a gift, Then the page says it cannot be given on and offers no button', async () => {
    serve(coupon({ giftable: false, receivedAsGift: true }));
    const { container } = render(<CouponGiftPage />);
    await waitFor(() => expect(container.querySelector('#coupon-gift-not-giftable')).not.toBeNull());
    expect(container.querySelector('#coupon-gift-not-giftable')?.textContent).toBe(
      '这张优惠券是好友赠送的，不能再转赠。',
    );
    expect(container.querySelector('#coupon-gift-send')).toBeNull();
  });

  it('When the friend is at the limit, Then the page says so in Chinese', async () => {
    serve(coupon());
    fake.handler = (
      (base) => (params: Parameters<typeof base>[0]) =>
        params.method === 'POST'
          ? Promise.resolve({
              statusCode: 409,
              data: { error: { code: 'COUPON_LIMIT_REACHED', message: 'limit', details: {} } },
            })
          : base(params)
    )(fake.handler);
    const { container } = render(<CouponGiftPage />);
    await waitFor(() => expect(container.querySelector('#coupon-gift-send')).not.toBeNull());
    typeCode(container, 'ABCDEFXYZ');
    fireEvent.click(container.querySelector('#coupon-gift-send') as Element);
    await waitFor(() =>
      expect(container.querySelector('#coupon-gift-error')?.textContent).toBe(
        '好友持有这张优惠券已达上限，无法再接收。',
      ),
    );
  });
});
