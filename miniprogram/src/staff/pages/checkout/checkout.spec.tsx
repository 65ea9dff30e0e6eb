import { act, fireEvent, render, waitFor } from '@testing-library/react';
import { defaultRuleVersion, plainBreakdown } from '../../../../test-support/checkout-fixtures';
import Taro, { fake } from '../../../../test-support/taro';
import type { CheckoutRequest, CheckoutResponse, ScanResponse } from '../../../services/types';
import CheckoutPage from './index';

const STORE_ID = '01STORE';
const scan: ScanResponse & { storeId: string } = {
  storeId: STORE_ID,
  scanId: 'scan-1',
  expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
  member: {
    id: 'm1',
    tier: 'silver',
    phoneMasked: '138****1234',
    homeStoreId: '01HOME',
    homeStoreName: '通卡 上海店',
    points: 500,
    storedValueFen: 10_000,
    pointsDebt: 0,
    earnBlocked: false,
    spendBlocked: false,
    coupons: [],
    redeemRule: { pointsPerYuan: 100, maxShareOfOrder: 0.5, minPointsPerUse: null },
  },
};

function responseFor(body: CheckoutRequest): CheckoutResponse {
  const pointsDiscountFen = body.redeemPoints ?? 0;
  return {
    checkoutId: 'co-1',
    orderRef: body.orderRef,
    amountFen: body.amountFen,
    couponDiscountFen: 0,
    pointsRedeemed: body.redeemPoints ?? 0,
    pointsDiscountFen,
    // A stand-in for a cap only the BFF knows (say a coupon lowered the payable amount).
    maxRedeemPoints: 300,
    storedValuePaidFen: 0,
    cashDueFen: body.amountFen - pointsDiscountFen,
    pointsEarned: Math.floor((body.amountFen - pointsDiscountFen) / 100),
    earnBreakdown: plainBreakdown(body.amountFen - pointsDiscountFen),
    ruleVersion: defaultRuleVersion,
    member: { points: 500, storedValueFen: 10_000, tier: 'silver' },
    selfSale: { selfSale: false, approvalRequired: false, approved: false, approvalAboveFen: 10_000 },
  };
}

type Deferred = {
  resolve: (value: { statusCode: number; data: unknown }) => void;
  reject: (reason: unknown) => void;
};
let submits: Deferred[] = [];

function submitCalls() {
  return fake.requests.filter((r) => r.url.endsWith(`/api/stores/${STORE_ID}/checkouts`));
}

beforeEach(() => {
  fake.reset();
  submits = [];
  Taro.setStorageSync('tongka.token', 'token-1');
  Taro.setStorageSync('tongka.staff', [{ storeId: STORE_ID, storeCode: 'SH01', role: 'clerk' }]);
  Taro.setStorageSync('tongka.staff.scan', scan);
  fake.handler = (params) => {
    const body = params.data as CheckoutRequest;
    if (params.url.endsWith('/checkouts/preview')) return Promise.resolve({ statusCode: 200, data: responseFor(body) });
    // Submits stay pending until the test settles them, to model slow networks and double taps.
    return new Promise((resolve, reject) => submits.push({ resolve, reject }));
  };
});

async function fillAndPreview(container: HTMLElement) {
  fireEvent.change(container.querySelector('#checkout-amount') as Element, {
    target: { value: '88.80' },
  });
  fireEvent.change(container.querySelector('#redeem-points') as Element, {
    target: { value: '100' },
  });
  fireEvent.click(container.querySelector('#preview-button') as Element);
  await waitFor(() => expect(container.querySelector('#confirm-sheet')).not.toBeNull());
}

describe('Checkout page', () => {
  it('When the first submit fails on the network and the cashier retries, Then the retry reuses the Idempotency-Key and order', async () => {
    const { container } = render(<CheckoutPage />);
    await fillAndPreview(container);
    expect(container.querySelector('#preview-cash-due')?.textContent).toBe('¥87.80');

    fireEvent.click(container.querySelector('#confirm-button') as Element);
    await waitFor(() => expect(submits).toHaveLength(1));
    await act(async () => submits[0].reject({ errMsg: 'request:fail timeout' }));
    await waitFor(() => expect(container.querySelector('#confirm-error')?.textContent).toContain('网络不可用'));

    fireEvent.click(container.querySelector('#confirm-button') as Element);
    await waitFor(() => expect(submits).toHaveLength(2));
    await act(async () =>
      submits[1].resolve({
        statusCode: 201,
        data: responseFor(submitCalls()[1].data as CheckoutRequest),
      }),
    );
    await waitFor(() =>
      expect(fake.navigations).toContainEqual({
        kind: 'redirectTo',
        url: '/staff/pages/receipt/index',
      }),
    );

    const [first, second] = submitCalls();
    expect(first.header?.['Idempotency-Key']).toBeTruthy();
    expect(second.header?.['Idempotency-Key']).toBe(first.header?.['Idempotency-Key']);
    expect(second.data).toEqual(first.data);
    expect(first.data).toMatchObject({
      scanId: 'scan-1',
      amountFen: 8880,
      redeemPoints: 100,
    });
    expect(first.header?.Authorization).toBe('Bearer token-1');
  });

  it('When confirm is tapped twice while the submit is in flight, Then only one request is sent', async () => {
    const { container } = render(<CheckoutPage />);
    await fillAndPreview(container);
    const confirm = container.querySelector('#confirm-button') as Element;
    fireEvent.click(confirm);
    fireEvent.click(confirm);
    await waitFor(() => expect(submits).toHaveLength(1));
    await act(async () =>
      submits[0].resolve({
        statusCode: 201,
        data: responseFor(submitCalls()[0].data as CheckoutRequest),
      }),
    );
    await waitFor(() => expect(fake.navigations).toHaveLength(1));
    expect(submitCalls()).toHaveLength(1);
  });

  it('When the cashier changes the order after a refusal, Then the new body gets a new Idempotency-Key but keeps the orderRef', async () => {
    const { container } = render(<CheckoutPage />);
    await fillAndPreview(container);
    fireEvent.click(container.querySelector('#confirm-button') as Element);
    await waitFor(() => expect(submits).toHaveLength(1));
    const refusal = {
      statusCode: 409,
      data: {
        error: { code: 'INSUFFICIENT_POINTS', message: 'not enough points' },
      },
    };
    await act(async () => submits[0].resolve(refusal));
    await waitFor(() => expect(container.querySelector('#confirm-error')?.textContent).toBe('会员积分不足。'));

    fireEvent.click(container.querySelector('#cancel-button') as Element);
    await fillAndPreview(container);
    fireEvent.change(container.querySelector('#redeem-points') as Element, {
      target: { value: '50' },
    });
    fireEvent.click(container.querySelector('#confirm-button') as Element);
    await waitFor(() => expect(submits).toHaveLength(2));

    const [first, second] = submitCalls();
    expect(second.header?.['Idempotency-Key']).not.toBe(first.header?.['Idempotency-Key']);
    expect((second.data as CheckoutRequest).orderRef).toBe((first.data as CheckoutRequest).orderRef);
    expect((second.data as CheckoutRequest).redeemPoints).toBe(50);
  });

  it('When the amount is typed, Then no preview is sent and the cap comes from the scan redeem rule', async () => {
    const { container } = render(<CheckoutPage />);
    expect(container.querySelector('#redeem-points-max')?.textContent).toBe('500');
    expect(container.textContent).toContain('输入金额后显示本单可用上限');
    fireEvent.change(container.querySelector('#checkout-amount') as Element, {
      target: { value: '6' },
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(fake.requests).toHaveLength(0);
    // Half of ¥6.00 at 100 points per yuan: 300 points, below the member's 500.
    expect(container.querySelector('#redeem-points-max')?.textContent).toBe('300');
    expect(container.textContent).toContain('本单最多可用 300 积分，会员共 500 积分，以预览为准');
    fireEvent.change(container.querySelector('#checkout-amount') as Element, {
      target: { value: '50' },
    });
    // Half of ¥50.00 would be 2 500 points; the member holds 500.
    expect(container.querySelector('#redeem-points-max')?.textContent).toBe('500');
  });

  it('When the preview answers its maxRedeemPoints, Then that cap stands for the amount, also after closing the sheet', async () => {
    const { container } = render(<CheckoutPage />);
    await fillAndPreview(container);
    expect(container.querySelector('#redeem-points-max')?.textContent).toBe('300');
    fireEvent.click(container.querySelector('#cancel-button') as Element);
    expect(container.querySelector('#redeem-points-max')?.textContent).toBe('300');
    expect(container.textContent).toContain('本单最多可用 300 积分，会员共 500 积分');
    expect(container.textContent).not.toContain('以预览为准');
    fireEvent.change(container.querySelector('#checkout-amount') as Element, { target: { value: '6' } });
    expect(container.querySelector('#redeem-points-max')?.textContent).toBe('300');
    fireEvent.change(container.querySelector('#checkout-amount') as Element, { target: { value: '4' } });
    expect(container.querySelector('#redeem-points-max')?.textContent).toBe('200');
  });

  it('When the member may not spend, Then the redeem cap is 0 and the cashier is told why', () => {
    Taro.setStorageSync('tongka.staff.scan', { ...scan, member: { ...scan.member, spendBlocked: true } });
    const { container } = render(<CheckoutPage />);
    expect(container.querySelector('#redeem-points-max')?.textContent).toBe('0');
    expect(container.textContent).toContain('该会员已冻结消费');
  });

  it('When the preview comes back, Then the sheet shows the earn breakdown from the BFF', async () => {
    const { container } = render(<CheckoutPage />);
    await fillAndPreview(container);
    const lines = Array.from(container.querySelectorAll('.tk-earn-line')).map((el) => el.textContent);
    expect(lines).toEqual(['消费 ¥87.80 × 1 积分/元 = 87']);
    expect(container.querySelector('#preview-points-earned')?.textContent).toBe('+87');
  });
  it('When the preview refuses the redeem, Then the BFF maximum becomes the cap for that amount only', async () => {
    fake.handler = () =>
      Promise.resolve({
        statusCode: 409,
        data: {
          error: {
            code: 'REDEEM_LIMIT_EXCEEDED',
            message: 'At most 40 points may be redeemed on this order.',
            details: { redeemPoints: 100, unitPoints: 1, maxPoints: 40, minPointsPerUse: 0 },
          },
        },
      });
    const { container } = render(<CheckoutPage />);
    fireEvent.change(container.querySelector('#checkout-amount') as Element, { target: { value: '88.80' } });
    fireEvent.change(container.querySelector('#redeem-points') as Element, { target: { value: '100' } });
    fireEvent.click(container.querySelector('#preview-button') as Element);
    await waitFor(() =>
      expect(container.querySelector('#checkout-error')?.textContent).toBe('本单最多可用 40 积分抵扣。'),
    );
    expect(container.querySelector('#redeem-points-max')?.textContent).toBe('40');
    expect(container.querySelector('#confirm-sheet')).toBeNull();

    fireEvent.change(container.querySelector('#checkout-amount') as Element, { target: { value: '200' } });
    expect(container.querySelector('#redeem-points-max')?.textContent).toBe('500');
  });

  it.each([
    ['redeem-points', '12.5', '抵扣积分须为整数，不能有小数。'],
    ['redeem-points', '-5', '抵扣积分不能为负数。'],
    ['stored-value', '12.345', '储值支付金额最多两位小数（精确到分）。'],
    ['checkout-amount', '-5', '消费金额不能为负数。'],
  ])(
    'When %s is typed as "%s", Then it is refused with the reason and nothing is sent',
    async (field, typed, message) => {
      const { container } = render(<CheckoutPage />);
      fireEvent.change(container.querySelector('#checkout-amount') as Element, { target: { value: '88.80' } });
      fireEvent.change(container.querySelector(`#${field}`) as Element, { target: { value: typed } });
      fireEvent.click(container.querySelector('#preview-button') as Element);
      await waitFor(() => expect(container.querySelector('#checkout-error')?.textContent).toBe(message));
      expect(fake.requests).toHaveLength(0);
    },
  );

  it('When the checkout succeeds, Then the scan is forgotten so the next sale starts from a new scan', async () => {
    const { container } = render(<CheckoutPage />);
    await fillAndPreview(container);
    fireEvent.click(container.querySelector('#confirm-button') as Element);
    await waitFor(() => expect(submits).toHaveLength(1));
    await act(async () =>
      submits[0].resolve({ statusCode: 201, data: responseFor(submitCalls()[0].data as CheckoutRequest) }),
    );
    await waitFor(() => expect(fake.navigations).toHaveLength(1));
    expect(Taro.getStorageSync('tongka.staff.scan')).toBe('');
  });

  describe('when the deduction needs the member', () => {
    const approval = {
      approvalId: 'ap1',
      kind: 'checkout',
      storeId: STORE_ID,
      storeName: '静安店',
      scanId: 'scan-1',
      amountFen: 8_880,
      points: 100,
      storedValueFen: 0,
      decidedWith: null,
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 120_000).toISOString(),
    };
    let memberAnswer: 'pending' | 'approved' = 'pending';

    beforeEach(() => {
      memberAnswer = 'pending';
      const previous = fake.handler;
      fake.handler = (params) => {
        const path = new URL(params.url).pathname;
        if (path.endsWith('/checkouts/preview')) {
          const memberApproval = {
            approvalRequired: true,
            approved: false,
            pointsAbove: 50,
            storedValueAboveFen: 5_000,
          };
          return Promise.resolve({
            statusCode: 200,
            data: { ...responseFor(params.data as CheckoutRequest), memberApproval },
          });
        }
        if (path === `/api/stores/${STORE_ID}/member-approvals`) {
          return Promise.resolve({ statusCode: 201, data: { ...approval, status: 'pending' } });
        }
        if (path === `/api/stores/${STORE_ID}/member-approvals/ap1`) {
          return Promise.resolve({ statusCode: 200, data: { ...approval, status: memberAnswer } });
        }
        if (path === `/api/stores/${STORE_ID}/member-approvals/ap1/pin`) {
          const entry = params.data as { pin?: string; approvalCode?: string };
          if (entry.approvalCode !== undefined) {
            return Promise.resolve(
              entry.approvalCode === '482913'
                ? { statusCode: 200, data: { ...approval, status: 'approved', decidedWith: 'code' } }
                : { statusCode: 409, data: { error: { code: 'APPROVAL_CODE_USED', message: 'used' } } },
            );
          }
          const right = entry.pin === '258013';
          return Promise.resolve(
            right
              ? { statusCode: 200, data: { ...approval, status: 'approved', decidedWith: 'pin' } }
              : {
                  statusCode: 403,
                  data: { error: { code: 'PAYMENT_PIN_INCORRECT', message: 'wrong', details: { attemptsLeft: 4 } } },
                },
          );
        }
        return previous(params);
      };
    });

    it('When the member approves on their phone, Then the sheet goes from 等待会员确认 to 已同意 and the checkout carries the approval', async () => {
      const { container } = render(<CheckoutPage />);
      await fillAndPreview(container);
      expect(container.querySelector('#member-approval-panel')?.textContent).toContain('需要会员本人确认');
      fireEvent.click(container.querySelector('#ask-member-approval') as Element);
      await waitFor(() =>
        expect(container.querySelector('#member-approval-status')?.textContent).toMatch(/^等待会员确认（\d:\d\d）$/),
      );
      const asked = fake.requests.find((r) => r.url.endsWith('/member-approvals'));
      expect(asked?.data).toMatchObject({ scanId: 'scan-1', amountFen: 8_880, redeemPoints: 100 });
      fireEvent.click(container.querySelector('#confirm-button') as Element);
      expect(submitCalls()).toHaveLength(0);

      memberAnswer = 'approved';
      await waitFor(() => expect(container.querySelector('#member-approval-status')?.textContent).toBe('已同意'), {
        timeout: 5_000,
      });
      fireEvent.click(container.querySelector('#confirm-button') as Element);
      await waitFor(() => expect(submitCalls()).toHaveLength(1));
      expect(submitCalls()[0].data).toMatchObject({ memberApprovalId: 'ap1', redeemPoints: 100 });
    }, 10_000);

    it("When the member's phone is not at hand, Then the cashier switches to the PIN; a wrong PIN says so and the right one approves", async () => {
      const { container } = render(<CheckoutPage />);
      await fillAndPreview(container);
      fireEvent.click(container.querySelector('#ask-member-approval') as Element);
      await waitFor(() => expect(container.querySelector('#switch-to-pin')).not.toBeNull());
      fireEvent.click(container.querySelector('#switch-to-pin') as Element);
      await waitFor(() => expect(container.querySelector('#member-pin-input')).not.toBeNull());
      fireEvent.change(container.querySelector('#member-pin-input') as Element, { target: { value: '111111' } });
      fireEvent.click(container.querySelector('#member-pin-submit') as Element);
      await waitFor(() =>
        expect(container.querySelector('#member-approval-error')?.textContent).toBe('支付密码不正确。'),
      );
      fireEvent.change(container.querySelector('#member-pin-input') as Element, { target: { value: '258013' } });
      fireEvent.click(container.querySelector('#member-pin-submit') as Element);
      await waitFor(() => expect(container.querySelector('#member-approval-status')?.textContent).toBe('已同意'));
    });

    it("When the member's phone has no signal, Then the cashier types the card's 离线确认码; a used code says so and a fresh one approves", async () => {
      const { container } = render(<CheckoutPage />);
      await fillAndPreview(container);
      fireEvent.click(container.querySelector('#ask-member-approval') as Element);
      await waitFor(() => expect(container.querySelector('#switch-to-code')).not.toBeNull());
      fireEvent.click(container.querySelector('#switch-to-code') as Element);
      await waitFor(() => expect(container.querySelector('#approval-code-input')).not.toBeNull());
      expect(container.querySelector('#member-pin-input')).toBeNull();
      fireEvent.change(container.querySelector('#approval-code-input') as Element, { target: { value: '104857' } });
      fireEvent.click(container.querySelector('#approval-code-submit') as Element);
      await waitFor(() =>
        expect(container.querySelector('#member-approval-error')?.textContent).toBe(
          '这个离线确认码已经用过，请等会员卡上出现新的确认码。',
        ),
      );
      fireEvent.change(container.querySelector('#approval-code-input') as Element, { target: { value: '482913' } });
      fireEvent.click(container.querySelector('#approval-code-submit') as Element);
      await waitFor(() => expect(container.querySelector('#member-approval-status')?.textContent).toBe('已同意'));
      const sent = fake.requests.filter((r) => r.url.endsWith('/member-approvals/ap1/pin')).map((r) => r.data);
      expect(sent).toEqual([{ approvalCode: '104857' }, { approvalCode: '482913' }]);
    });
  });
});
