import type { OpKind } from './op';

const ways = ['normal', 'duplicated', 'delayed', 'lost'] as const;

/**
 * A stored-value top-up through the fake WeChat Pay: the order is placed (idempotent), the member
 * pays (or walks away), and WeChat's notification arrives once, twice, late (so several arrive out
 * of order) or never (then only reconcile-payments applies it). A paid top-up credits its amount
 * and bonus exactly once.
 */
export const topup: OpKind = {
  name: 'topup',
  weight: 3,
  async run({ world, person, rng, send, timeoutMs }) {
    const amountFen = rng.pick([500, 10_000, 20_000, 50_000, rng.int(100, 30_000)]);
    const pays = rng.chance(0.85);
    const way = rng.pick(ways);
    const delayMs = rng.int(50, 1500);
    await send.idem(
      { kind: 'topup', path: '/api/pay/topups', body: { amountFen }, token: person.tokenA, timeoutMs, person },
      async (reply) => {
        if (!pays) return;
        const paid = await world.fake
          .pay(reply.body.outTradeNo, {
            duplicate: way === 'duplicated',
            delayMs: way === 'delayed' ? delayMs : 0,
          })
          .catch(() => undefined);
        if (!paid) return;
        if (way === 'lost') world.relay.lose(paid.notifications.map((record) => record.id));
        world.notifications[way] = (world.notifications[way] ?? 0) + 1;
        world.acked.topupsPaid++;
        person.expected.fen += amountFen + reply.body.bonusFen;
      },
    );
  },
};
