import type { DataSource } from 'typeorm';
import { select } from '../../../bff/src/db/tx';
import type { FakeWechat } from '../fake-wechat';
import { call, type Reply, sleep } from './http';
import type { Instance } from './instance';
import type { NotifyRelay } from './notify-relay';

/** What one seed's clients share: the chain set up through the API, and the people using it. */

export interface CheckoutRecord {
  id: string;
  storeIndex: number;
  amountFen: number;
  refundedFen: number;
  couponCode?: string;
}

/**
 * A person: member A (signed in first, the one that survives a merge) and, once a merge op has
 * run, member B (a second WeChat identity of the same phone, merged into A and perhaps undone).
 * `expected` is what the acknowledged operations imply for A and B together.
 */
export interface Person {
  index: number;
  openidA: string;
  memberA: string;
  tokenA: string;
  referralCode: string;
  phone: string;
  openidB?: string;
  memberB?: string;
  merged: boolean;
  expected: { points: number; fen: number };
  /** Operations whose answer never came back, even to the final retry: the person is not checked. */
  unresolved: number;
  coupons: string[];
  checkouts: CheckoutRecord[];
  scans: Map<number, string>;
}

export interface StoreSetup {
  id: string;
  clerkToken: string;
}

export interface World {
  seed: number;
  admin: string;
  stores: StoreSetup[];
  templateId: string;
  templateStock: number;
  rewardId: string;
  rewardStock: number;
  persons: Person[];
  fake: FakeWechat;
  relay: NotifyRelay;
  instances: Instance[];
  dataSource: DataSource;
  /** Acknowledged coupon claims and reward exchanges (each must exist exactly once). */
  acked: { claims: number; exchanges: number; topupsPaid: number };
  /** How the topups' notifications travelled (normal, duplicated, delayed, lost). */
  notifications: Record<string, number>;
  /** The next person's index (referral sign-ups add people while the clients run). */
  nextIndex: number;
}

/** Any live instance (round robin), for requests with no fault around them. */
let turn = 0;
export function liveUrl(instances: Instance[]): string {
  const live = instances.filter((instance) => instance.child);
  return (live[turn++ % Math.max(live.length, 1)] ?? instances[0]).url;
}

async function must(reply: Promise<Reply>, what: string): Promise<Reply['body']> {
  const answer = await reply;
  if (answer.status >= 300) throw new Error(`setup ${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function signIn(world: Pick<World, 'fake' | 'instances'>, openid: string, referralCode?: string) {
  const code = world.fake.issueLoginCode(openid);
  return call(liveUrl(world.instances), 'POST', '/api/auth/wechat-login', {
    code,
    ...(referralCode ? { referralCode } : {}),
  });
}

export async function newPerson(world: World, index: number, body: Reply['body']): Promise<Person> {
  return {
    index,
    openidA: `o-chaos-${world.seed}-${index}`,
    memberA: body.member.id,
    tokenA: body.token,
    referralCode: body.member.referralCode,
    phone: `139${String(index).padStart(8, '0')}`,
    merged: false,
    expected: { points: 0, fen: 0 },
    unresolved: 0,
    coupons: [],
    checkouts: [],
    scans: new Map(),
  };
}

/** The chain of one seed, set up before any fault: rules, three stores with a clerk each, a
 * claimable coupon, a reward, and the first members with a starting balance. */
export async function setUpWorld(
  world: Omit<World, 'stores' | 'templateId' | 'templateStock' | 'rewardId' | 'rewardStock' | 'persons' | 'nextIndex'>,
  members: number,
): Promise<World> {
  const base = world.instances[0].url;
  const admin = { token: world.admin };
  await must(
    call(base, 'PUT', '/api/admin/redeem-rule', { pointsPerYuan: 100, maxShareOfOrder: 0.5 }, admin),
    'redeem',
  );
  await must(
    call(
      base,
      'PUT',
      '/api/admin/approval-rule',
      { adjustPointsThreshold: 100_000_000, adjustFenThreshold: 1_000_000_000, reinstateGraceDays: 30 },
      admin,
    ),
    'approval',
  );
  await must(
    call(
      base,
      'PUT',
      '/api/admin/topup-rule',
      {
        minFen: 100,
        maxFen: 500_000,
        presetsFen: [10_000, 50_000],
        bonuses: [
          { thresholdFen: 10_000, bonusFen: 1_000 },
          { thresholdFen: 50_000, bonusFen: 5_000 },
        ],
      },
      admin,
    ),
    'topup rule',
  );
  const stores: StoreSetup[] = [];
  for (let i = 0; i < 3; i++) {
    const store = await must(
      call(base, 'POST', '/api/admin/stores', { code: `C${i}`, name: `混沌店${i}` }, admin),
      'store',
    );
    const invite = await must(
      call(base, 'POST', `/api/admin/stores/${store.id}/staff-invites`, { role: 'manager' }, admin),
      'invite',
    );
    const clerk = await must(signIn(world, `o-clerk-${world.seed}-${i}`), 'clerk');
    await must(
      call(base, 'POST', '/api/staff/bind', { inviteCode: invite.inviteCode }, { token: clerk.token }),
      'bind',
    );
    stores.push({ id: store.id, clerkToken: clerk.token });
  }
  const templateStock = members * 2;
  const template = await must(
    call(
      base,
      'POST',
      '/api/admin/coupon-templates',
      {
        name: '满10减2',
        type: 'AMOUNT_OFF',
        thresholdFen: 1000,
        valueFen: 200,
        validDays: 30,
        stock: templateStock,
        perMemberLimit: 3,
        claimable: true,
      },
      admin,
    ),
    'coupon template',
  );
  const rewardStock = members;
  const reward = await must(
    call(
      base,
      'POST',
      '/api/admin/rewards',
      { name: '混沌杯', pointsPrice: 50, stock: rewardStock, perMemberLimit: 2 },
      admin,
    ),
    'reward',
  );
  const full: World = {
    ...world,
    stores,
    templateId: template.id,
    templateStock,
    rewardId: reward.id,
    rewardStock,
    persons: [],
    nextIndex: members,
  };
  for (let i = 0; i < members; i++) {
    const person = await newPerson(full, i, await must(signIn(full, `o-chaos-${world.seed}-${i}`), 'member'));
    for (const [asset, amount] of [
      ['POINTS', 2000],
      ['CNY', 5000],
    ] as const) {
      await must(
        call(
          base,
          'POST',
          `/api/admin/members/${person.memberA}/adjust`,
          { asset, amount, reason: 'chaos start' },
          {
            ...admin,
            key: `start-${asset}-${person.memberA}`,
          },
        ),
        'start balance',
      );
    }
    person.expected = { points: 2000, fen: 5000 };
    full.persons.push(person);
  }
  return full;
}

/**
 * A read of the harness's own: the faults KILL its connections too, so it tries again.
 */
export async function readRows<T>(world: World, sql: string, params: unknown[]): Promise<T[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await select<T>(world.dataSource.manager, sql, params);
    } catch (error) {
      if (attempt >= 8) throw error;
      await sleep(100);
    }
  }
}
