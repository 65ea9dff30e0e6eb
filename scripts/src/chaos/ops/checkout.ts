import { ulid } from 'ulid';
import type { OpKind } from './op';
import { scanAt } from './scan';

/**
 * A checkout at one of the stores (points earned at one store are redeemed at another): some
 * pay part with points, some with stored value, some with a claimed coupon; asking for more than
 * the member holds is refused and changes nothing.
 */
export const checkout: OpKind = {
  name: 'checkout',
  weight: 5,
  async run({ world, person, rng, send, timeoutMs }) {
    const storeIndex = rng.int(0, world.stores.length - 1);
    const amountFen = rng.int(100, 20_000);
    const redeemPoints = rng.chance(0.4) ? rng.int(1, Math.max(1, Math.min(person.expected.points, amountFen / 2))) : 0;
    const storedValueFen = rng.chance(0.4)
      ? rng.int(1, Math.max(1, Math.min(person.expected.fen, amountFen - redeemPoints - 300)))
      : 0;
    const couponCode = amountFen >= 1000 && rng.chance(0.5) ? person.coupons[0] : undefined;
    const scanId = await scanAt(world, person, storeIndex, send);
    if (!scanId) return;
    const store = world.stores[storeIndex];
    await send.idem(
      {
        kind: 'checkout',
        path: `/api/stores/${store.id}/checkouts`,
        body: {
          scanId,
          orderRef: `CH-${ulid()}`,
          amountFen,
          ...(redeemPoints > 0 ? { redeemPoints } : {}),
          ...(storedValueFen > 0 ? { storedValueFen } : {}),
          ...(couponCode ? { couponCodes: [couponCode] } : {}),
        },
        token: store.clerkToken,
        timeoutMs,
        person,
      },
      (reply) => {
        const body = reply.body;
        person.expected.points += body.pointsEarned - body.pointsRedeemed;
        person.expected.fen -= body.storedValuePaidFen;
        if (couponCode) person.coupons = person.coupons.filter((code) => code !== couponCode);
        person.checkouts.push({ id: body.checkoutId, storeIndex, amountFen, refundedFen: 0, couponCode });
      },
    );
  },
};
