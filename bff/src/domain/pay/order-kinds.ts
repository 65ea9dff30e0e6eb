import type { Tx } from '../../db/tx';
import type { PayOrder } from './pay-orders';

/**
 * What each kind of pay order does when WeChat says it is paid, or when it expires unpaid. A
 * TOPUP credits stored value; a reward exchange with a cash part (the rewards catalogue) registers
 * its own kind here: post its points hold on payment, void it and return the stock on close. The
 * notification handler and the reconcile-payments job only dispatch on `pay_orders.kind`.
 */
export interface PayOrderKind {
  /** Runs once per order, inside the transaction that marks it paid. */
  applyPayment(tx: Tx, order: PayOrder, at: Date): Promise<void>;
  /** Runs once, inside the transaction that closes an expired unpaid order (release holds). */
  onClosed?(tx: Tx, order: PayOrder, at: Date): Promise<void>;
}

const kinds = new Map<string, PayOrderKind>();

export function registerPayOrderKind(kind: string, handler: PayOrderKind): void {
  kinds.set(kind, handler);
}

export function payOrderKind(kind: string): PayOrderKind {
  const handler = kinds.get(kind);
  if (!handler) throw new Error(`no handler registered for pay order kind ${kind}`);
  return handler;
}
