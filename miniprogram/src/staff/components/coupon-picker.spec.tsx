import { fireEvent, render } from '@testing-library/react';
import { ApiError } from '../../services/http';
import { CouponPicker, couponRefusalOf, whyNotUsable } from './coupon-picker';

const base = { validUntil: '2026-11-30T15:59:59.999Z', type: 'AMOUNT_OFF' as const };
const tenOffFifty = {
  ...base,
  id: 'c1',
  code: '9000000000000001',
  name: '满50减10',
  thresholdFen: 5_000,
  valueFen: 1_000,
};
const stackA = {
  ...base,
  id: 'c2',
  code: '9000000000000002',
  name: '叠加券A',
  thresholdFen: 0,
  valueFen: 200,
  stackable: true,
};
const stackB = {
  ...base,
  id: 'c3',
  code: '9000000000000003',
  name: '叠加券B',
  thresholdFen: 0,
  valueFen: 300,
  stackable: true,
};

describe('CouponPicker', () => {
  test('When the amount is below the threshold, Then the coupon says how much is missing and cannot be picked', () => {
    const onToggle = jest.fn();
    const { container } = render(
      <CouponPicker coupons={[tenOffFifty]} amountFen={4_000} selectedCodes={[]} onToggle={onToggle} />,
    );
    expect(container.querySelector(`#coupon-why-${tenOffFifty.code}`)?.textContent).toBe('未满 ¥50.00，还差 ¥10.00');
    fireEvent.click(container.querySelector(`#coupon-${tenOffFifty.code}`) as Element);
    expect(onToggle).not.toHaveBeenCalled();
  });

  test('When the amount reaches it, Then a tap picks it', () => {
    const onToggle = jest.fn();
    const { container } = render(
      <CouponPicker coupons={[tenOffFifty]} amountFen={5_000} selectedCodes={[]} onToggle={onToggle} />,
    );
    expect(container.querySelector(`#coupon-why-${tenOffFifty.code}`)).toBeNull();
    fireEvent.click(container.querySelector(`#coupon-${tenOffFifty.code}`) as Element);
    expect(onToggle).toHaveBeenCalledWith(tenOffFifty.code);
  });

  test('When a non-stackable coupon is picked, Then the others say they cannot be combined; stackable ones combine', () => {
    expect(whyNotUsable(stackA, { amountFen: 9_000, selected: [tenOffFifty] })).toBe('不可与已选优惠券同时使用');
    expect(whyNotUsable(stackB, { amountFen: 9_000, selected: [stackA] })).toBeNull();
  });

  test('When the BFF refuses a coupon, Then the cashier reads the rule in Chinese; other errors are left alone', () => {
    const refusal = new ApiError('COUPON_NOT_USABLE', 'x', 409, {
      rule: 'STORE_SCOPE',
      couponCode: '9000000000000001',
    });
    expect(couponRefusalOf(refusal)).toBe('优惠券不可用：这张优惠券不能在本店使用（券码 9000000000000001）');
    expect(couponRefusalOf(new ApiError('INSUFFICIENT_POINTS', 'x', 409))).toBeNull();
  });

  test('When the cashier types a code the list does not hold, Then it is added to the order (the preview checks it)', () => {
    const onToggle = jest.fn();
    const { container } = render(
      <CouponPicker coupons={[]} amountFen={5_000} selectedCodes={[]} onToggle={onToggle} />,
    );
    fireEvent.change(container.querySelector('#coupon-code-input') as Element, {
      target: { value: '9123456789012345' },
    });
    fireEvent.click(container.querySelector('#coupon-code-add') as Element);
    expect(onToggle).toHaveBeenCalledWith('9123456789012345');
  });
});
