import { fireEvent, render } from '@testing-library/react';
import type { CheckoutResponse } from '../../services/types';
import { ConfirmSheet } from './confirm-sheet';

const preview: CheckoutResponse = {
  checkoutId: 'preview',
  orderRef: 'POS2611231500ABCD',
  amountFen: 12_345,
  couponDiscountFen: 1_000,
  pointsRedeemed: 300,
  pointsDiscountFen: 300,
  storedValuePaidFen: 5_000,
  cashDueFen: 6_045,
  pointsEarned: 113,
  member: { points: 812, storedValueFen: 15_000, tier: 'GOLD' },
  earnBreakdown: [
    { label: '基础积分', points: 61 },
    { label: '金卡加成', multiplier: 1.5, points: 30 },
    { label: '双倍积分日', points: 22 },
  ],
};

function text(container: HTMLElement, id: string): string {
  return container.querySelector(`#${id}`)?.textContent ?? '';
}

describe('ConfirmSheet', () => {
  it('When given a preview, Then it shows the preview numbers as ¥ with two decimals', () => {
    const { container } = render(
      <ConfirmSheet preview={preview} submitting={false} error="" onConfirm={() => {}} onCancel={() => {}} />,
    );
    expect(text(container, 'preview-amount')).toBe('¥123.45');
    expect(text(container, 'preview-coupon-discount')).toBe('-¥10.00');
    expect(text(container, 'preview-points-redeemed')).toBe('300 积分 / -¥3.00');
    expect(text(container, 'preview-stored-value')).toBe('-¥50.00');
    expect(text(container, 'preview-cash-due')).toBe('¥60.45');
    expect(text(container, 'preview-points-earned')).toBe('+113');
    const lines = Array.from(container.querySelectorAll('.tk-earn-line')).map((el) => el.textContent);
    expect(lines).toEqual(['基础积分：+61', '金卡加成 ×1.5：+30', '双倍积分日：+22']);
  });

  it('When submitting, Then the confirm button is disabled; when not, a tap confirms', () => {
    const onConfirm = jest.fn();
    const { container, rerender } = render(
      <ConfirmSheet preview={preview} submitting error="" onConfirm={onConfirm} onCancel={() => {}} />,
    );
    expect(container.querySelector('#confirm-button')?.hasAttribute('disabled')).toBe(true);
    rerender(<ConfirmSheet preview={preview} submitting={false} error="" onConfirm={onConfirm} onCancel={() => {}} />);
    fireEvent.click(container.querySelector('#confirm-button') as Element);
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });
});
