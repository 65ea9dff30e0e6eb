import type { OpKind } from './op';

/** Exchanges points for the catalogue's reward (stock, limit and balance may refuse). */
export const rewardExchange: OpKind = {
  name: 'reward-exchange',
  weight: 1,
  async run({ world, person, send, timeoutMs }) {
    await send.idem(
      {
        kind: 'reward-exchange',
        path: `/api/rewards/${world.rewardId}/exchange`,
        body: { quantity: 1 },
        token: person.tokenA,
        timeoutMs,
        person,
      },
      (reply) => {
        world.acked.exchanges++;
        person.expected.points -= reply.body.pointsSpent;
      },
    );
  },
};
