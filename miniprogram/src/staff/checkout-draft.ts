import { parseMoneyText, parsePointsText } from '../lib/number-input';
import type { CheckoutItem, CheckoutRequest } from '../services/types';

/** The cashier's form as typed; turned into a CheckoutRequest only when every field is valid. */
export interface CheckoutForm {
  amountYuan: string;
  items: Array<{ rowId: string; category: string; amountYuan: string }>;
  couponCodes: string[];
  redeemPointsText: string;
  storedValueYuan: string;
}

export const EMPTY_FORM: CheckoutForm = {
  amountYuan: '',
  items: [],
  couponCodes: [],
  redeemPointsText: '',
  storedValueYuan: '',
};

export type DraftResult = { ok: true; request: CheckoutRequest } | { ok: false; message: string };

function parseItems(form: CheckoutForm): CheckoutItem[] | string {
  const items: CheckoutItem[] = [];
  for (const [index, item] of form.items.entries()) {
    if (!item.category.trim() && !item.amountYuan.trim()) continue;
    const amount = parseMoneyText(item.amountYuan, `第 ${index + 1} 行商品金额`);
    if (!amount.ok) return amount.message;
    items.push({ category: item.category.trim() || undefined, amountFen: amount.value });
  }
  return items;
}

/** Validates the form against the member's balances and builds the request body. */
export function buildCheckoutRequest(
  form: CheckoutForm,
  context: {
    scanId: string;
    orderRef: string;
    points: number;
    storedValueFen: number;
  },
): DraftResult {
  const amount = parseMoneyText(form.amountYuan, '消费金额');
  if (!amount.ok) return { ok: false, message: amount.message };
  const amountFen = amount.value;
  if (amountFen <= 0) return { ok: false, message: '消费金额须大于 0。' };
  const items = parseItems(form);
  if (typeof items === 'string') return { ok: false, message: items };
  const itemsFen = items.reduce((sum, item) => sum + item.amountFen, 0);
  if (items.length > 0 && itemsFen !== amountFen) {
    return { ok: false, message: '商品明细合计与消费金额不一致。' };
  }
  const redeem = form.redeemPointsText.trim()
    ? parsePointsText(form.redeemPointsText, '抵扣积分')
    : ({ ok: true, value: 0 } as const);
  if (!redeem.ok) return { ok: false, message: redeem.message };
  const redeemPoints = redeem.value;
  if (redeemPoints > context.points) return { ok: false, message: '会员积分不足。' };
  const stored = form.storedValueYuan.trim()
    ? parseMoneyText(form.storedValueYuan, '储值支付金额')
    : ({ ok: true, value: 0 } as const);
  if (!stored.ok) return { ok: false, message: stored.message };
  const storedValueFen = stored.value;
  if (storedValueFen > context.storedValueFen) return { ok: false, message: '会员储值余额不足。' };
  const request: CheckoutRequest = {
    scanId: context.scanId,
    orderRef: context.orderRef,
    amountFen,
  };
  if (items.length > 0) request.items = items;
  if (form.couponCodes.length > 0) request.couponCodes = [...form.couponCodes];
  if (redeemPoints > 0) request.redeemPoints = redeemPoints;
  if (storedValueFen > 0) request.storedValueFen = storedValueFen;
  return { ok: true, request };
}
