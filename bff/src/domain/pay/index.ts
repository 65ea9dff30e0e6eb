/** WeChat Pay: top-ups, notifications, refunds and reconciliation (issue #14). */
import './topups';

export { applyWechatPayment, type PaymentOutcome } from './apply-wechat-payment';
export { applyWechatRefund } from './apply-wechat-refund';
export { createTopup, TOPUP_ORDER_TTL_MS } from './create-topup';
export { type PayOrderKind, payOrderKind, registerPayOrderKind } from './order-kinds';
export { type Failpoints, type PayDeps, payDepsFromConfig } from './pay-deps';
export { type NotificationAnswer, receivePayNotification } from './receive-pay-notification';
export { RECONCILE_AFTER_MS, reconcilePayments } from './reconcile-payments';
export { refundTopup } from './refund-topup';
export { getTopup, listTopups, topupOptions } from './topup-views';
