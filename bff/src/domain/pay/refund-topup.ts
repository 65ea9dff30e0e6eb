import type { RefundTopupResponse } from '@tongka/shared-types';
import { inTransaction, isUniqueViolation, select, type Tx } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { WechatPayError, WechatUnavailableError } from '../../wechat';
import { recordAudit } from '../audit/record-audit';
import { holdLotRemainder } from '../ledger';
import { AppError } from '../shared/app-error';
import { ulid } from '../shared/ulid';
import { settleHolds } from './apply-wechat-refund';
import { requirePay, toPayAppError } from './pay-errors';
import { findOrderById } from './pay-orders';
import { findRefundByNo, insertPayRefund, latestRefundOf, moveRefund, type PayRefund } from './pay-refunds';
import { findTopup, TOPUP_KIND, type Topup } from './topups';

/**
 * HQ refunds a top-up's unused paid value (documented rule, README "Top-ups"):
 * - what is refunded is what is left of the top-up's own paid lot — never more than the member
 *   still holds of it (spending elsewhere, or spending the lot, leaves less);
 * - the bonus is forfeited first: whatever is left of the top-up's bonus lot goes back to HQ with
 *   the refund, and since a top-up's paid value is always spent before its bonus, a member who has
 *   spent into the bonus has no paid value left to refund (NOTHING_TO_REFUND);
 * - both amounts are held (pending transfers) when the refund is asked for, so they cannot be
 *   spent meanwhile, and settle only with WeChat's answer: SUCCESS posts them, CLOSED gives them
 *   back, ABNORMAL keeps them held.
 * The request row and the holds commit before WeChat is called, so a crash after WeChat's answer
 * leaves a known out_refund_no for the notification or reconcile-payments to settle.
 */
export async function refundTopup(
  deps: AppDeps,
  input: { topupId: string; adminId: string; reason?: string },
): Promise<RefundTopupResponse> {
  const pay = requirePay(deps.pay);
  const refund = await inTransaction(deps.dataSource, (tx) => holdForRefund(tx, deps, input));
  const order = await findOrderById(deps.dataSource.manager, refund.orderId);
  try {
    const answer = await pay.client.refund({
      outTradeNo: order?.outTradeNo ?? '',
      outRefundNo: refund.outRefundNo,
      refundFen: refund.refundFen,
      totalFen: order?.amountFen ?? 0,
      reason: input.reason,
      notifyUrl: deps.config.WECHATPAY_NOTIFY_URL,
    });
    await inTransaction(deps.dataSource, (tx) =>
      moveRefund(tx, refund.id, ['requested'], 'processing', { wechatRefundId: answer.refund_id }),
    );
  } catch (error) {
    // An outage leaves the request for reconcile-payments to send again (same out_refund_no);
    // a definite refusal gives the held value back.
    if (!(error instanceof WechatUnavailableError)) {
      if (error instanceof WechatPayError) await giveBack(deps, refund);
      throw toPayAppError(error);
    }
  }
  const current = await findRefundByNo(deps.dataSource.manager, refund.outRefundNo);
  return view(current ?? refund);
}

async function holdForRefund(
  tx: Tx,
  deps: AppDeps,
  input: { topupId: string; adminId: string; reason?: string },
): Promise<PayRefund> {
  const order = await findOrderById(tx, input.topupId, true);
  const topup = order?.kind === TOPUP_KIND ? await findTopup(tx, order.id) : null;
  if (!order || !topup) throw new AppError('TOPUP_NOT_FOUND', 'There is no such top-up.', { topupId: input.topupId });
  if (order.status !== 'paid' || !topup.paidLotId) throw new AppError('TOPUP_NOT_PAID', 'This top-up is not paid.');
  const live = await latestRefundOf(tx, order.id);
  if (live && live.status !== 'closed' && live.status !== 'success')
    throw new AppError('REFUND_IN_PROGRESS', 'A refund of this top-up is already under way.', { refundId: live.id });
  const id = ulid();
  const at = deps.clock.now();
  const paid = await holdPart(tx, order.memberId, topup, 'paid', id, at);
  if (paid.held === 0) throw new AppError('NOTHING_TO_REFUND', 'Nothing is left of this top-up to refund.');
  const bonus = await holdPart(tx, order.memberId, topup, 'bonus', id, at);
  const refund = {
    id,
    orderId: order.id,
    outRefundNo: `RF${id}`,
    refundFen: paid.held,
    bonusForfeitFen: bonus.held,
    refundHoldTransferId: paid.transferId,
    bonusHoldTransferId: bonus.transferId,
    createdAt: at,
  };
  try {
    await insertPayRefund(tx, { ...refund, reason: input.reason ?? null, requestedBy: `admin:${input.adminId}` });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('REFUND_IN_PROGRESS', 'A refund of this top-up is already under way.');
    throw error;
  }
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'topup.refund',
    targetType: 'topup',
    targetId: order.id,
    after: { ...refund, reason: input.reason ?? null },
    at,
  });
  return { ...refund, status: 'requested' };
}

/** Holds what is left of the top-up's paid lot (to its issuer) or bonus lot (to HQ). */
async function holdPart(tx: Tx, memberId: string, topup: Topup, part: 'paid' | 'bonus', refundId: string, at: Date) {
  const lotId = part === 'paid' ? topup.paidLotId : topup.bonusLotId;
  if (!lotId) return { transferId: null, held: 0 };
  // The lot's owner: the member credited when it was paid (a survivor, if they had merged by then).
  const [lot] = await select<{ member_id: string }>(tx, 'SELECT member_id FROM ledger_lots WHERE id = ?', [lotId]);
  return holdLotRemainder(tx, {
    memberId: lot?.member_id ?? memberId,
    lotId,
    to: part === 'paid' && topup.issuerStoreId ? { storeId: topup.issuerStoreId } : 'HQ',
    storeId: topup.issuerStoreId,
    idempotencyKey: `topup-refund:${refundId}:${part}`,
    kind: 'TOPUP_REFUND',
    note: part === 'paid' ? '充值退款（退回微信）' : '退款作废充值赠送',
    causeType: 'topup_refund',
    causeId: refundId,
    at,
  });
}

async function giveBack(deps: AppDeps, refund: PayRefund): Promise<void> {
  await inTransaction(deps.dataSource, async (tx) => {
    const at = deps.clock.now();
    if (await moveRefund(tx, refund.id, ['requested'], 'closed', { settledAt: at }))
      await settleHolds(tx, refund, false, at);
  });
}

export function view(refund: PayRefund): RefundTopupResponse {
  return {
    refundId: refund.id,
    outRefundNo: refund.outRefundNo,
    status: refund.status,
    refundFen: refund.refundFen,
    bonusForfeitedFen: refund.bonusForfeitFen,
  };
}
