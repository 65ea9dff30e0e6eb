import type { OpKind } from './op';

/** HQ's manual adjustment of points or stored value, up or down (down may be refused). */
export const adjust: OpKind = {
  name: 'adjust',
  weight: 2,
  async run({ world, person, rng, send, timeoutMs }) {
    const asset = rng.pick(['POINTS', 'CNY'] as const);
    const amount = rng.chance(0.6) ? rng.int(1, 500) : -rng.int(1, 300);
    await send.idem(
      {
        kind: 'adjust',
        path: `/api/admin/members/${person.memberA}/adjust`,
        body: { asset, amount, reason: 'chaos' },
        token: world.admin,
        timeoutMs,
        person,
      },
      () => {
        if (asset === 'POINTS') person.expected.points += amount;
        else person.expected.fen += amount;
      },
    );
  },
};
