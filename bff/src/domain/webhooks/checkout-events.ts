import { select } from '../../db/tx';
import { registerCheckoutHook } from '../checkout/checkout-hooks';
import { getMemberBalances } from '../ledger';
import { hasWebhookReceivers, queueWebhookEvent } from './queue-webhook-event';

/**
 * Webhook events of checkouts and refunds, queued inside their transactions through the checkout
 * hooks: `points.changed` when a checkout earned or spent points, `refund.created` for every refund.
 */
registerCheckoutHook({
  name: 'webhooks',
  async afterCheckout(tx, facts) {
    if (!(await hasWebhookReceivers(tx, facts.storeId))) return;
    const [row] = await select<{ points_redeemed: number | string }>(
      tx,
      'SELECT points_redeemed FROM checkouts WHERE id = ?',
      [facts.checkoutId],
    );
    const pointsRedeemed = Number(row?.points_redeemed ?? 0);
    if (facts.pointsEarned === 0 && pointsRedeemed === 0) return;
    const balances = await getMemberBalances(tx, facts.memberId);
    await queueWebhookEvent(tx, {
      type: 'points.changed',
      cause: `checkout:${facts.checkoutId}`,
      storeId: facts.storeId,
      at: facts.at,
      data: {
        memberId: facts.memberId,
        checkoutId: facts.checkoutId,
        pointsEarned: facts.pointsEarned,
        pointsRedeemed,
        pointsBalance: balances.points,
      },
    });
  },
  async afterRefund(tx, facts) {
    await queueWebhookEvent(tx, {
      type: 'refund.created',
      cause: `refund:${facts.refundId}`,
      storeId: facts.storeId,
      at: facts.at,
      data: {
        memberId: facts.memberId,
        checkoutId: facts.checkoutId,
        refundId: facts.refundId,
        refundedPaidFen: facts.refundedPaidFen,
        isFinal: facts.isFinal,
      },
    });
  },
});
