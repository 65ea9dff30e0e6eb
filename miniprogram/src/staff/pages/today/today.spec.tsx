import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro, { fake } from '../../../../test-support/taro';
import type { CheckoutListItem, CheckoutListResponse, RefundResponse } from '../../../services/types';
import TodayPage from './index';

const STORE_ID = '01STORE';

function item(n: number, overrides: Partial<CheckoutListItem> = {}): CheckoutListItem {
  return {
    checkoutId: `co-${n}`,
    orderRef: `ORDER-2026-${n}`,
    amountFen: n * 1_000,
    couponDiscountFen: 0,
    pointsRedeemed: 0,
    pointsDiscountFen: 0,
    storedValuePaidFen: 0,
    cashDueFen: n * 1_000,
    pointsEarned: n * 10,
    memberId: `m-${n}`,
    memberHomeStoreId: STORE_ID,
    homeMember: true,
    memberPhoneMasked: n % 2 ? '138****1234' : null,
    staffMemberId: 'clerk',
    refundedFen: 0,
    createdAt: new Date(Date.UTC(2026, 10, 25, 2, n)).toISOString(),
    refunds: [],
    ...overrides,
  };
}

function totals(refundedFen: number): CheckoutListResponse['totals'] {
  return {
    count: 3,
    amountFen: 6_000,
    cashDueFen: 6_000,
    pointsEarned: 60,
    pointsRedeemed: 0,
    storedValuePaidFen: 0,
    refundedFen,
    homeMembers: { count: 3, amountFen: 6_000 },
    visitingMembers: { count: 0, amountFen: 0 },
  };
}

const refundAnswer: RefundResponse = {
  refundId: 'rf-1',
  refundedFen: 3_000,
  cashRefundFen: 3_000,
  pointsReturned: 0,
  pointsClawedBack: 10,
  pointsDebt: 20,
  pointsPendingVoided: 0,
  storedValueReturnedFen: 0,
  couponsRestored: false,
};

let refunded = false;
beforeEach(() => {
  fake.reset();
  refunded = false;
  Taro.setStorageSync('tongka.token', 'token-1');
  Taro.setStorageSync('tongka.staff', [{ storeId: STORE_ID, storeCode: 'SH01', role: 'clerk' }]);
  fake.handler = (params) => {
    const url = new URL(params.url);
    if (url.pathname.endsWith('/refund/preview')) {
      const { refundId: _id, ...preview } = refundAnswer;
      return Promise.resolve({ statusCode: 200, data: { ...preview, refundableFen: 3_000 } });
    }
    if (url.pathname.endsWith('/refund')) {
      refunded = true;
      return Promise.resolve({ statusCode: 200, data: refundAnswer });
    }
    // The day, newest first: co-3, co-2 on the first page of two, co-1 after the cursor.
    const after = url.searchParams.get('cursor');
    const limit = Number(url.searchParams.get('limit'));
    const all = [item(3, refunded ? { refundedFen: 3_000 } : {}), item(2), item(1)];
    const start = after ? 2 : 0;
    const page = all.slice(start, start + (after ? limit : 2));
    const day: CheckoutListResponse = {
      date: '2026-11-25',
      items: page,
      nextCursor: !after && limit <= 20 ? 'cursor-after-2' : null,
      totals: totals(refunded ? 3_000 : 0),
    };
    return Promise.resolve({ statusCode: 200, data: day });
  };
});

const listCalls = () => fake.requests.filter((r) => new URL(r.url).pathname.endsWith('/checkouts'));

describe("Cashier's today page", () => {
  it('When the day has more than a page, Then newest first with who bought, and 加载更多 brings the rest', async () => {
    const { container } = render(<TodayPage />);
    await waitFor(() => expect(container.querySelectorAll('.tk-checkout-item')).toHaveLength(2));
    const ids = () => Array.from(container.querySelectorAll('.tk-checkout-item')).map((el) => el.id);
    expect(ids()).toEqual(['checkout-co-3', 'checkout-co-2']);
    expect(container.querySelector('#checkout-member-co-3')?.textContent).toContain('138****1234');
    expect(container.querySelector('#checkout-member-co-2')?.textContent).toContain('未绑定手机号');
    // Order number and amount are separate elements, never one run-on string.
    expect(container.querySelector('#checkout-amount-co-3')?.textContent).toBe('¥30.00');
    expect(container.querySelector('#today-count')?.textContent).toBe('3');

    fireEvent.click(container.querySelector('#today-load-more') as Element);
    await waitFor(() => expect(ids()).toEqual(['checkout-co-3', 'checkout-co-2', 'checkout-co-1']));
    expect(new URL(listCalls()[1].url).searchParams.get('cursor')).toBe('cursor-after-2');
    expect(container.querySelector('#today-load-more')).toBeNull();
  });

  it('When a refund is asked for, Then the preview (debt spelled out) comes first, nothing runs before confirm, and totals refresh at once', async () => {
    const { container } = render(<TodayPage />);
    await waitFor(() => expect(container.querySelector('#refund-co-3')).not.toBeNull());
    fireEvent.click(container.querySelector('#refund-co-3') as Element);
    fireEvent.click(container.querySelector('#refund-preview-button') as Element);
    await waitFor(() => expect(container.querySelector('#refund-preview')).not.toBeNull());
    expect(refunded).toBe(false);
    expect(container.querySelector('#refund-preview-points-debt')?.textContent).toBe('20');
    expect(container.querySelector('#refund-preview-points-effect')?.textContent).toBe(
      '从会员账户扣回本单所得 10 积分。会员已用掉本单所得积分，账户不够扣回：还差 20 积分，记为积分欠款，会员之后消费所得积分会先用于偿还。',
    );

    fireEvent.click(container.querySelector('#refund-confirm') as Element);
    await waitFor(() => expect(container.querySelector('#refund-result')).not.toBeNull());
    const refundCall = fake.requests.find((r) => new URL(r.url).pathname.endsWith('/refund'));
    expect(refundCall?.header?.['Idempotency-Key']).toBeTruthy();
    expect(refundCall?.data).toEqual({});
    // The sheet is still open, and the totals behind it already count the refund.
    await waitFor(() => expect(container.querySelector('#today-refunded')?.textContent).toBe('¥30.00'));
    expect(container.querySelector('#refund-sheet')).not.toBeNull();
  });

  it('When the refund amount is not valid money, Then the sheet says why and asks the BFF nothing', async () => {
    const { container } = render(<TodayPage />);
    await waitFor(() => expect(container.querySelector('#refund-co-3')).not.toBeNull());
    fireEvent.click(container.querySelector('#refund-co-3') as Element);
    const before = fake.requests.length;
    for (const [typed, message] of [
      ['-5', '退款金额不能为负数。'],
      ['12.345', '退款金额最多两位小数（精确到分）。'],
    ]) {
      fireEvent.change(container.querySelector('#refund-amount') as Element, { target: { value: typed } });
      fireEvent.click(container.querySelector('#refund-preview-button') as Element);
      await waitFor(() => expect(container.querySelector('#refund-error')?.textContent).toBe(message));
    }
    expect(fake.requests.length).toBe(before);
  });
});
