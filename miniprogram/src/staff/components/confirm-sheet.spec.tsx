import { fireEvent, render } from '@testing-library/react';
import { plainBreakdown } from '../../../test-support/checkout-fixtures';
import type { CheckoutResponse } from '../../services/types';
import { ConfirmSheet } from './confirm-sheet';

/** A silver member on a member-day campaign, stopped by the daily cap: every step of the breakdown shows. */
const preview: CheckoutResponse = {
  checkoutId: 'preview',
  orderRef: 'POS2611231500ABCD',
  amountFen: 12_345,
  couponDiscountFen: 1_000,
  pointsRedeemed: 300,
  pointsDiscountFen: 300,
  maxRedeemPoints: 5_672,
  storedValuePaidFen: 5_000,
  cashDueFen: 6_045,
  pointsEarned: 100,
  member: { points: 812, storedValueFen: 15_000, tier: 'silver' },
  selfSale: { selfSale: false, approvalRequired: false, approved: false, approvalAboveFen: 10_000 },
  earnBreakdown: plainBreakdown(6_045, {
    basePoints: 60,
    tierMultiplier: 1.2,
    lines: [
      { category: '饮品', amountFen: 4_000, earnBaseFen: 2_950, multiplier: 1 },
      { category: '烟酒', amountFen: 8_345, earnBaseFen: 3_095, multiplier: 0 },
    ],
    campaign: { name: '会员日活动', multiplier: 2, fundedBy: 'HQ' },
    beforeCapsPoints: 70,
    caps: { perOrderCapPoints: null, dailyCapPoints: 150, earnedTodayPoints: 50, applied: ['DAILY'] },
    finalPoints: 100,
    earnRuleId: 'rule-7',
    earnRuleVersion: 3,
  }),
  ruleVersion: {
    earnRuleId: 'rule-7',
    earnRuleVersion: 3,
    earnRuleScope: '01STORE',
    redeemRuleId: 'rule-2',
    redeemRuleVersion: 2,
  },
};

function text(container: HTMLElement, id: string): string {
  return container.querySelector(`#${id}`)?.textContent ?? '';
}

const earnLines = (container: HTMLElement) =>
  Array.from(container.querySelectorAll('.tk-earn-line')).map((el) => el.textContent);

describe('ConfirmSheet', () => {
  it('When given a preview, Then it shows the preview numbers as ¥ with two decimals', () => {
    const { container } = render(
      <ConfirmSheet preview={preview} submitting={false} error="" onConfirm={() => {}} onCancel={() => {}} />,
    );
    expect(text(container, 'preview-amount')).toBe('¥123.45');
    expect(text(container, 'preview-coupon-discount')).toBe('-¥10.00');
    expect(text(container, 'preview-points-redeemed')).toBe('300 积分');
    expect(text(container, 'preview-points-discount')).toBe('-¥3.00');
    expect(text(container, 'preview-stored-value')).toBe('-¥50.00');
    expect(text(container, 'preview-cash-due')).toBe('¥60.45');
    expect(text(container, 'preview-points-earned')).toBe('+100');
  });

  it('When the earn breakdown has multipliers, a campaign and a cap, Then each step is a Chinese line with the winning rule version', () => {
    const { container } = render(
      <ConfirmSheet preview={preview} submitting={false} error="" onConfirm={() => {}} onCancel={() => {}} />,
    );
    expect(earnLines(container)).toEqual([
      '消费 ¥60.45 × 1 积分/元 = 60',
      '烟酒 ¥30.95 不积分',
      '银卡 ×1.2',
      '会员日活动 ×2（总部出资）',
      '计算得 70 积分',
      '每日上限 150 积分（今日已得 50）',
    ]);
    expect(text(container, 'preview-rule-version')).toBe('积分规则：本店 第 3 版 · 抵扣规则：总部 第 2 版');
  });

  it('When the member may not earn, Then the sheet says why instead of a computation', () => {
    const blocked: CheckoutResponse = {
      ...preview,
      pointsEarned: 0,
      earnBreakdown: { ...plainBreakdown(6_045), noEarnReason: 'EARN_BLOCKED', beforeCapsPoints: 0, finalPoints: 0 },
      ruleVersion: { ...preview.ruleVersion, earnRuleScope: 'DEFAULT', earnRuleVersion: 0 },
    };
    const { container } = render(
      <ConfirmSheet preview={blocked} submitting={false} error="" onConfirm={() => {}} onCancel={() => {}} />,
    );
    expect(earnLines(container)).toEqual(['不积分：会员已冻结积分']);
    expect(text(container, 'preview-points-earned')).toBe('+0');
    expect(text(container, 'preview-rule-version')).toContain('积分规则：系统默认');
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

  it("When the cashier sells to their own card above HQ's limit, Then the sheet says a manager's code is needed and waits for 6 digits", () => {
    const selfSale: CheckoutResponse = {
      ...preview,
      selfSale: { selfSale: true, approvalRequired: true, approved: false, approvalAboveFen: 10_000 },
    };
    const props = { preview: selfSale, submitting: false, error: '', onConfirm: () => {}, onCancel: () => {} };
    const { container, rerender } = render(<ConfirmSheet {...props} approvalCode="" />);
    expect(text(container, 'self-sale-notice')).toContain(
      '这是您本人会员卡的消费，金额超过总部限额 ¥100.00，需要店长批准',
    );
    expect(container.querySelector('#confirm-button')?.hasAttribute('disabled')).toBe(true);
    rerender(<ConfirmSheet {...props} approvalCode="12345" />);
    expect(container.querySelector('#confirm-button')?.hasAttribute('disabled')).toBe(true);
    rerender(<ConfirmSheet {...props} approvalCode="123456" />);
    expect(container.querySelector('#confirm-button')?.hasAttribute('disabled')).toBe(false);
  });

  it('When the cashier sells to their own card under the limit, Then the sheet notes it will be recorded', () => {
    const selfSale: CheckoutResponse = {
      ...preview,
      selfSale: { selfSale: true, approvalRequired: false, approved: false, approvalAboveFen: 10_000 },
    };
    const { container } = render(
      <ConfirmSheet preview={selfSale} submitting={false} error="" onConfirm={() => {}} onCancel={() => {}} />,
    );
    expect(text(container, 'self-sale-notice')).toBe('这是您本人会员卡的消费，将记录备查。');
    expect(container.querySelector('#confirm-button')?.hasAttribute('disabled')).toBe(false);
  });
});
