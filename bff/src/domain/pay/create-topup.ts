import type { CreateTopupResponse, TopupRule } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';
import { assertStoreExists, ruleInForce } from '../rules/rule-store';
import { AppError } from '../shared/app-error';
import { ulid } from '../shared/ulid';
import type { PayDeps } from './pay-deps';
import { beijingTime, requirePay, toPayAppError } from './pay-errors';
import { insertPayOrder } from './pay-orders';
import { assertTopupAmount, bonusFor } from './topup-bonus';
import { insertTopup, TOPUP_KIND } from './topups';

/** An unpaid top-up order lapses after this; reconcile-payments then closes it at WeChat. */
export const TOPUP_ORDER_TTL_MS = 15 * 60_000;

export interface CreateTopupInput {
  memberId: string;
  amountFen: number;
  storeId?: string;
  notifyUrl: string | undefined;
  now: Date;
}

/**
 * A member starts a top-up: the amount within HQ's limits, the bonus fixed by the rule in force
 * now, the issuing store (or HQ) recorded, then a JSAPI order at WeChat for the member's openid.
 * Runs in the Idempotency-Key's transaction: if WeChat refuses or cannot be reached, nothing is
 * kept and the same key may be retried; an order WeChat created for a rolled-back attempt is never
 * paid (the app never got its payParams) and lapses at its time_expire.
 */
export async function createTopup(
  tx: Tx,
  pay: PayDeps | undefined,
  input: CreateTopupInput,
): Promise<CreateTopupResponse> {
  const payDeps = requirePay(pay);
  if (!input.notifyUrl) throw new AppError('PAY_NOT_CONFIGURED', 'WECHATPAY_NOTIFY_URL is not set.');
  const rule = await ruleInForce(tx, 'topup');
  assertTopupAmount(rule.rule, input.amountFen);
  if (input.storeId) await assertStoreExists(tx, input.storeId);
  const openid = await openidOf(tx, input.memberId, payDeps.appid);
  const order = newOrder(input, openid);
  const bonusFen = bonusFor(rule.rule as TopupRule, input.amountFen);
  await insertPayOrder(tx, order);
  await insertTopup(tx, {
    orderId: order.id,
    issuerStoreId: input.storeId ?? null,
    paidFen: input.amountFen,
    bonusFen,
    bonusRuleId: rule.ruleId,
  });
  const { payParams } = await payDeps.client
    .createJsapiOrder({
      description: bonusFen > 0 ? '通卡储值充值（含赠送）' : '通卡储值充值',
      outTradeNo: order.outTradeNo,
      notifyUrl: input.notifyUrl,
      amountFen: input.amountFen,
      openid,
      timeExpire: beijingTime(order.expiresAt),
      attach: TOPUP_KIND,
    })
    .catch((error) => {
      throw toPayAppError(error);
    });
  return {
    topupId: order.id,
    outTradeNo: order.outTradeNo,
    amountFen: input.amountFen,
    bonusFen,
    storeId: input.storeId ?? null,
    expiresAt: order.expiresAt.toISOString(),
    payParams,
  };
}

function newOrder(input: CreateTopupInput, openid: string) {
  const id = ulid();
  return {
    id,
    kind: TOPUP_KIND,
    // 28 characters of [0-9A-Z]: within WeChat's 6–32 of [0-9A-Za-z_-|*].
    outTradeNo: `TU${id}`,
    memberId: input.memberId,
    openid,
    amountFen: input.amountFen,
    expiresAt: new Date(input.now.getTime() + TOPUP_ORDER_TTL_MS),
    createdAt: input.now,
  };
}

/** JSAPI needs the payer's openid under our appid; a member imported from a POS has none yet. */
export async function openidOf(tx: Tx, memberId: string, appid: string): Promise<string> {
  const [row] = await select<{ openid: string }>(
    tx,
    'SELECT openid FROM member_identities WHERE member_id = ? AND appid = ? ORDER BY created_at DESC LIMIT 1',
    [memberId, appid],
  );
  if (!row) throw new AppError('NO_WECHAT_IDENTITY', 'This member has not signed in with WeChat in this app.');
  return row.openid;
}
