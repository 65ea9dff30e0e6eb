import { fireEvent, render } from '@testing-library/react';
import { defaultRuleVersion, plainBreakdown } from '../../../../test-support/checkout-fixtures';
import Taro, { fake } from '../../../../test-support/taro';
import ReceiptPage from './index';

beforeEach(() => {
  fake.reset();
  Taro.setStorageSync('tongka.staff.receipt', {
    checkoutId: 'co-1',
    orderRef: 'ORDER-1',
    amountFen: 3_000,
    couponDiscountFen: 0,
    pointsRedeemed: 0,
    pointsDiscountFen: 0,
    maxRedeemPoints: 0,
    storedValuePaidFen: 0,
    cashDueFen: 3_000,
    pointsEarned: 30,
    earnBreakdown: plainBreakdown(3_000),
    ruleVersion: defaultRuleVersion,
    member: { points: 30, storedValueFen: 0, tier: 'basic' },
  });
});

describe('Receipt page', () => {
  it('When 继续收银 is tapped with the scan page below, Then it goes back to that page instead of stacking another', () => {
    fake.pages = [
      { route: 'pages/card/index' },
      { route: 'staff/pages/scan/index' },
      { route: 'staff/pages/receipt/index' },
    ];
    const { container } = render(<ReceiptPage />);
    fireEvent.click(container.querySelector('#receipt-next') as Element);
    expect(fake.navigations).toEqual([{ kind: 'navigateBack', url: undefined }]);
  });

  it('When there is no scan page below (a reload), Then it opens the scan page', () => {
    fake.pages = [{ route: 'staff/pages/receipt/index' }];
    const { container } = render(<ReceiptPage />);
    fireEvent.click(container.querySelector('#receipt-next') as Element);
    expect(fake.navigations).toEqual([{ kind: 'redirectTo', url: '/staff/pages/scan/index' }]);
  });
});
