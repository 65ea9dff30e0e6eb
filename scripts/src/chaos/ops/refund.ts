import type { OpKind } from './op';

/**
 * A partial or full refund of one of the person's checkouts, at its store: redeemed points and
 * stored value come back, earned points are clawed back (or become a debt), and a coupon comes
 * back with the last of the order.
 */
export const refund: OpKind = {
  name: 'refund',
  weight: 3,
  async run({ world, person, rng, send, timeoutMs }) {
    const open = person.checkouts.filter((record) => record.refundedFen < record.amountFen);
    if (open.length === 0) return;
    const record = rng.pick(open);
    const rest = record.amountFen - record.refundedFen;
    const partial = rest > 1 && rng.chance(0.6);
    const store = world.stores[record.storeIndex];
    await send.idem(
      {
        kind: partial ? 'refund-partial' : 'refund-full',
        path: `/api/stores/${store.id}/checkouts/${record.id}/refund`,
        body: partial ? { amountFen: rng.int(1, rest - 1) } : {},
        token: store.clerkToken,
        timeoutMs,
        person,
      },
      (reply) => {
        const body = reply.body;
        person.expected.points += body.pointsReturned - body.pointsClawedBack;
        person.expected.fen += body.storedValueReturnedFen;
        record.refundedFen += body.refundedFen;
        if (body.couponsRestored > 0 && record.couponCode) person.coupons.push(record.couponCode);
      },
    );
  },
};
