import type { OpKind } from './op';

/** Claims the chain's coupon from the coupon centre (stock and per-member limit may refuse). */
export const couponClaim: OpKind = {
  name: 'coupon-claim',
  weight: 2,
  async run({ world, person, send, timeoutMs }) {
    await send.idem(
      {
        kind: 'coupon-claim',
        path: '/api/coupons/claim',
        body: { templateId: world.templateId },
        token: person.tokenA,
        timeoutMs,
        person,
      },
      (reply) => {
        world.acked.claims++;
        person.coupons.push(reply.body.code);
      },
    );
  },
};
