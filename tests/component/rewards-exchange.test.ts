import { inTransaction } from '../../bff/src/db/tx';
import { completeCashPartExchange } from '../../bff/src/domain/rewards/complete-cash-part';
import {
  balancesOf,
  countRows,
  createMember,
  grantPoints,
  MovableClock,
  newKey,
  type TestMember,
  type TwoStores,
  twoStores,
} from '../support/instore-fixtures';
import { mergeInto } from '../support/merge-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

/** The rewards catalogue: points leave through the ledger, stock never goes below zero, a pickup once at an allowed store. */
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let s: TwoStores;

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  s = await twoStores(bff);
});
afterAll(() => bff?.close());

async function createReward(patch: Record<string, unknown> = {}) {
  const body = { name: '保温杯', pointsPrice: 500, stock: 10, ...patch };
  const res = await bff.api.post('/api/admin/rewards', body, { token: s.admin });
  if (res.status !== 201) throw new Error(`create reward: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
}

const exchange = (member: TestMember, rewardId: string, quantity = 1, key = newKey()) =>
  bff.api.post(`/api/rewards/${rewardId}/exchange`, { quantity }, { token: member.token, idempotencyKey: key });

const verify = (storeId: string, pickupCode: string) => {
  const clerk = storeId === s.storeA ? s.clerkA : s.clerkB;
  return bff.api.post(
    `/api/stores/${storeId}/pickups/verify`,
    { pickupCode },
    { token: clerk.token, idempotencyKey: newKey() },
  );
};

async function memberWithPoints(points: number, storeId = s.storeA) {
  const member = await createMember(bff);
  await grantPoints(bff, member.id, storeId, points);
  return member;
}

test('When a member exchanges 2 of a 500-point item, Then 1,000 points leave through the ledger, the stock drops and a pickup code comes back', async () => {
  const reward = await createReward({ storeIds: [s.storeA, s.storeB] });
  const member = await memberWithPoints(1_200);
  const res = await exchange(member, reward.id, 2);
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    exchangeId: expect.any(String),
    pickupCode: expect.stringMatching(/^8\d{11}$/),
    pointsSpent: 1_000,
  });
  expect((await balancesOf(bff, member)).points).toBe(200);
  const ledger = await bff.api.get('/api/me/ledger?asset=POINTS', member.token);
  expect(ledger.body.items[0]).toMatchObject({ kind: 'EXCHANGE', amount: -1_000 });
  const catalogue = await bff.api.get('/api/rewards', member.token);
  expect(catalogue.body.items.find((r: { id: string }) => r.id === reward.id)).toMatchObject({
    stock: 8,
    storeNames: ['Store A', 'Store B'],
  });
  const mine = await bff.api.get('/api/me/reward-exchanges', member.token);
  expect(mine.body.items[0]).toMatchObject({
    exchangeId: res.body.exchangeId,
    status: 'ready',
    rewardName: '保温杯',
    quantity: 2,
  });
});

test('When 30 members rush a stock of 10, Then exactly 10 exchanges, the stock ends at 0, the rest 409 REWARD_OUT_OF_STOCK with their points kept', async () => {
  const reward = await createReward({ stock: 10 });
  const members = [];
  for (let i = 0; i < 30; i++) members.push(await memberWithPoints(500));
  const answers = await Promise.all(members.map((member) => exchange(member, reward.id)));
  expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
  expect(answers.filter((a) => a.status === 409 && a.body.error.code === 'REWARD_OUT_OF_STOCK')).toHaveLength(20);
  const [row] = await bff.db.dataSource.query('SELECT stock FROM rewards WHERE id = ?', [reward.id]);
  expect(Number(row.stock)).toBe(0);
  const kept = await Promise.all(members.map((member) => balancesOf(bff, member)));
  expect(kept.filter((b) => b.points === 500)).toHaveLength(20);
  expect(kept.filter((b) => b.points === 0)).toHaveLength(10);
});

test('When one member tries 5 exchanges at once under a limit of 2, Then exactly 2 go through', async () => {
  const reward = await createReward({ perMemberLimit: 2 });
  const member = await memberWithPoints(5_000);
  const answers = await Promise.all(Array.from({ length: 5 }, () => exchange(member, reward.id)));
  expect(answers.filter((a) => a.status === 200)).toHaveLength(2);
  expect(answers.filter((a) => a.body?.error?.code === 'REWARD_LIMIT_REACHED')).toHaveLength(3);
  expect((await balancesOf(bff, member)).points).toBe(4_000);
});

test('When a member who exchanged once is merged into a card that exchanged once (limit 2), Then the survivor is at the limit; undo gives each card its own count back', async () => {
  const reward = await createReward({ perMemberLimit: 2 });
  const absorbed = await memberWithPoints(500);
  const survivor = await memberWithPoints(1_500);
  expect((await exchange(absorbed, reward.id)).status).toBe(200);
  expect((await exchange(survivor, reward.id)).status).toBe(200);
  const mergeId = await mergeInto(bff, absorbed.id, survivor.id, clock.now());
  const third = await exchange(survivor, reward.id);
  expect(third.body.error.code).toBe('REWARD_LIMIT_REACHED');
  expect((await bff.api.post(`/api/admin/merges/${mergeId}/undo`, {}, { token: s.admin })).status).toBe(200);
  const counts = await bff.db.dataSource.query(
    'SELECT member_id, exchanged FROM reward_member_counts WHERE reward_id = ?',
    [reward.id],
  );
  expect(
    counts.map((row: { member_id: string; exchanged: number }) => `${row.member_id}:${row.exchanged}`).sort(),
  ).toEqual([`${absorbed.id}:1`, `${survivor.id}:1`].sort());
});

test('When the member is short of points, Then 409 INSUFFICIENT_POINTS and neither stock nor quota is taken', async () => {
  const reward = await createReward({ perMemberLimit: 1, stock: 1 });
  const member = await memberWithPoints(499);
  const before = await countRows(bff, ['reward_exchanges', 'ledger_transfers']);
  const res = await exchange(member, reward.id);
  expect(res.status).toBe(409);
  expect(res.body.error.code).toBe('INSUFFICIENT_POINTS');
  expect(await countRows(bff, ['reward_exchanges', 'ledger_transfers'])).toEqual(before);
  const rich = await memberWithPoints(500);
  expect((await exchange(rich, reward.id)).status).toBe(200);
});

test('When an exchange is replayed with its key, Then the same answer and one debit', async () => {
  const reward = await createReward();
  const member = await memberWithPoints(2_000);
  const key = newKey();
  const first = await exchange(member, reward.id, 1, key);
  const again = await exchange(member, reward.id, 1, key);
  expect(again.body).toEqual(first.body);
  expect((await balancesOf(bff, member)).points).toBe(1_500);
});

test('When points issued by store A are picked up at store B, Then it is fulfilled once and A owes B the points’ value', async () => {
  clock.set('2026-11-24T04:00:00Z');
  try {
    const reward = await createReward({ pointsPrice: 300 });
    const member = await memberWithPoints(300, s.storeA);
    const { body } = await exchange(member, reward.id);
    const res = await verify(s.storeB, body.pickupCode);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ exchangeId: body.exchangeId, status: 'fulfilled', fulfilledStoreId: s.storeB });
    const twice = await verify(s.storeA, body.pickupCode);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('PICKUP_ALREADY_FULFILLED');
    const statement = await bff.api.get('/api/admin/settlements?from=2026-11-24&to=2026-11-24', s.admin);
    expect(statement.body.items).toEqual([
      {
        fromStoreId: s.storeA,
        toStoreId: s.storeB,
        points: 300,
        pointsValueFen: 300,
        storedValueFen: 0,
        couponValueFen: 0,
        netFen: 300,
      },
    ]);
    expect((await bff.api.get('/api/me/reward-exchanges', member.token)).body.items[0].status).toBe('fulfilled');
  } finally {
    clock.set('2026-11-23T04:00:00Z');
  }
});

test('When two clerks verify the same pickup code at once, Then it is handed over once and settled once', async () => {
  clock.set('2026-11-25T04:00:00Z');
  try {
    const reward = await createReward({ pointsPrice: 200 });
    const member = await memberWithPoints(200, s.storeA);
    const { body } = await exchange(member, reward.id);
    const answers = await Promise.all([verify(s.storeB, body.pickupCode), verify(s.storeB, body.pickupCode)]);
    expect(answers.map((res) => res.status).sort()).toEqual([200, 409]);
    expect(answers.find((res) => res.status === 409)?.body.error.code).toBe('PICKUP_ALREADY_FULFILLED');
    const statement = await bff.api.get('/api/admin/settlements?from=2026-11-25&to=2026-11-25', s.admin);
    expect(statement.body.items).toEqual([
      expect.objectContaining({ fromStoreId: s.storeA, toStoreId: s.storeB, points: 200, netFen: 200 }),
    ]);
  } finally {
    clock.set('2026-11-23T04:00:00Z');
  }
});

test('When the pickup store is not allowed or the code is unknown, Then 409 PICKUP_NOT_AT_THIS_STORE / 404 PICKUP_NOT_FOUND and nothing changes', async () => {
  const reward = await createReward({ storeIds: [s.storeA] });
  const member = await memberWithPoints(500);
  const { body } = await exchange(member, reward.id);
  const atB = await verify(s.storeB, body.pickupCode);
  expect(atB.status).toBe(409);
  expect(atB.body.error.code).toBe('PICKUP_NOT_AT_THIS_STORE');
  expect((await verify(s.storeA, '800000000000')).status).toBe(404);
  expect((await verify(s.storeA, body.pickupCode)).status).toBe(200);
});

test('When an item has a cash part, Then the points are held (two-phase), 501 CASH_PART_PENDING; a timeout voids the hold and returns the stock', async () => {
  const reward = await createReward({ pointsPrice: 400, cashPriceFen: 990, stock: 1 });
  const member = await memberWithPoints(1_000);
  const key = newKey();
  const res = await exchange(member, reward.id, 1, key);
  expect(res.status).toBe(501);
  expect(res.body.error).toMatchObject({ code: 'CASH_PART_PENDING', details: { pointsHeld: 400, cashFen: 990 } });
  expect((await exchange(member, reward.id, 1, key)).status).toBe(501); // the replay answers the same
  expect(await balancesOf(bff, member)).toMatchObject({ points: 600 });
  const [held] = await bff.db.dataSource.query('SELECT status FROM ledger_transfers WHERE cause_id = ?', [
    res.body.error.details.exchangeId,
  ]);
  expect(held.status).toBe('pending');
  expect((await exchange(await memberWithPoints(1_000), reward.id)).body.error.code).toBe('REWARD_OUT_OF_STOCK');

  const job = await bff.api.post(
    '/api/admin/jobs/release-reward-holds/run',
    { asOf: '2026-11-23T04:16:00Z' },
    { token: s.admin },
  );
  expect(job.body).toEqual({ job: 'release-reward-holds', processed: 1 });
  expect((await balancesOf(bff, member)).points).toBe(1_000);
  expect(await holdStatus(res.body.error.details.exchangeId)).toBe('voided');
  const [row] = await bff.db.dataSource.query('SELECT stock FROM rewards WHERE id = ?', [reward.id]);
  expect(Number(row.stock)).toBe(1);
});

test('When the cash part is paid (the payment seam), Then the hold is posted and the exchange gets its pickup code', async () => {
  const reward = await createReward({ pointsPrice: 400, cashPriceFen: 990 });
  const member = await memberWithPoints(400);
  const res = await exchange(member, reward.id);
  const exchangeId = res.body.error.details.exchangeId;
  const paid = await inTransaction(bff.db.dataSource, (tx) =>
    completeCashPartExchange(tx, { exchangeId, outcome: 'paid', at: clock.now() }),
  );
  expect(paid).toEqual({ status: 'ready', pickupCode: expect.stringMatching(/^8\d{11}$/) });
  expect(await holdStatus(exchangeId)).toBe('posted');
  const again = await inTransaction(bff.db.dataSource, (tx) =>
    completeCashPartExchange(tx, { exchangeId, outcome: 'timed-out', at: clock.now() }),
  );
  expect(again.status).toBe('ready'); // a late timeout changes nothing
  expect((await balancesOf(bff, member)).points).toBe(0);
  expect((await verify(s.storeA, paid.pickupCode as string)).status).toBe(200);
});

test('When HQ sends bad catalogue input or a member names an unknown or ended item, Then 4xx with a code and nothing is written', async () => {
  const before = await countRows(bff, ['rewards', 'reward_exchanges']);
  for (const patch of [
    { pointsPrice: 0 },
    { pointsPrice: -5 },
    { stock: -1 },
    { cashPriceFen: -1 },
    { perMemberLimit: 0 },
  ]) {
    const res = await bff.api.post(
      '/api/admin/rewards',
      { name: 'x', pointsPrice: 100, stock: 1, ...patch },
      { token: s.admin },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  }
  const unknownStore = await bff.api.post(
    '/api/admin/rewards',
    { name: 'x', pointsPrice: 1, stock: 1, storeIds: ['01NOSTORE'] },
    { token: s.admin },
  );
  expect(unknownStore.status).toBe(404);
  const member = await memberWithPoints(100);
  expect((await exchange(member, '01NOSUCHREWARD')).status).toBe(404);
  expect((await exchange(member, '01NOSUCHREWARD', 0)).status).toBe(400);
  expect(await countRows(bff, ['rewards', 'reward_exchanges'])).toEqual(before);
  const later = await createReward({ activeFrom: '2026-12-01T00:00:00Z' });
  expect((await exchange(member, later.id)).body.error.code).toBe('REWARD_NOT_AVAILABLE');
});

const putReward = (rewardId: string, body: Record<string, unknown>) =>
  bff.api.put(`/api/admin/rewards/${rewardId}`, body, { token: s.admin });

test('When HQ takes an item off the shelf and puts it back, Then the catalogue and exchanges follow, and the HQ list shows its status', async () => {
  const reward = await createReward({ name: '帆布袋', pointsPrice: 200, stock: 5 });
  const member = await memberWithPoints(400);
  const ended = await putReward(reward.id, { status: 'ended' });
  expect(ended.status).toBe(200);
  expect(ended.body).toMatchObject({ id: reward.id, status: 'ended', stock: 5 });
  const hq = await bff.api.get('/api/admin/rewards', s.admin);
  expect(hq.body.items[0]).toMatchObject({ id: reward.id, name: '帆布袋', status: 'ended' });
  const shelf = await bff.api.get('/api/rewards', member.token);
  expect(shelf.body.items.some((item: { id: string }) => item.id === reward.id)).toBe(false);
  expect((await exchange(member, reward.id)).body.error.code).toBe('REWARD_NOT_AVAILABLE');
  expect((await putReward(reward.id, { status: 'active' })).body.status).toBe('active');
  expect((await exchange(member, reward.id)).status).toBe(200);
  expect((await balancesOf(bff, member)).points).toBe(200);
});

test('When HQ changes the price and the stock left, Then the next exchange pays the new price, the earlier one keeps its own, and HQ sees both without pickup codes', async () => {
  const reward = await createReward({ name: '雨伞', pointsPrice: 300, stock: 4 });
  const member = await memberWithPoints(1_000);
  const first = await exchange(member, reward.id);
  const changed = await putReward(reward.id, { pointsPrice: 450, stock: 20, perMemberLimit: 5 });
  expect(changed.body).toMatchObject({ pointsPrice: 450, stock: 20, perMemberLimit: 5 });
  const second = await exchange(member, reward.id);
  expect(second.body.pointsSpent).toBe(450);
  expect((await balancesOf(bff, member)).points).toBe(250);
  const page = await bff.api.get(`/api/admin/reward-exchanges?rewardId=${reward.id}&limit=1`, s.admin);
  expect(page.body.items).toEqual([
    expect.objectContaining({ exchangeId: second.body.exchangeId, memberId: member.id, pointsSpent: 450 }),
  ]);
  expect(page.body.items[0].pickupCode).toBeUndefined();
  const next = await bff.api.get(
    `/api/admin/reward-exchanges?rewardId=${reward.id}&limit=1&cursor=${page.body.nextCursor}`,
    s.admin,
  );
  expect(next.body.items).toEqual([expect.objectContaining({ exchangeId: first.body.exchangeId, pointsSpent: 300 })]);
  expect(next.body.nextCursor).toBeNull();
  await verify(s.storeA, first.body.pickupCode);
  const fulfilled = await bff.api.get(`/api/admin/reward-exchanges?rewardId=${reward.id}&status=fulfilled`, s.admin);
  expect(fulfilled.body.items.map((item: { exchangeId: string }) => item.exchangeId)).toEqual([first.body.exchangeId]);
  const audit = await bff.api.get(`/api/admin/audit-log?action=reward.update&targetId=${reward.id}`, s.admin);
  expect(audit.body.items).toHaveLength(1);
});

test('When HQ sends a bad change or names an unknown item, Then 4xx with a code and the item is unchanged', async () => {
  const reward = await createReward({ pointsPrice: 100, stock: 3 });
  for (const body of [{}, { stock: -1 }, { pointsPrice: 0 }, { status: 'paused' }, { name: '' }, { color: 'red' }]) {
    const res = await putReward(reward.id, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  }
  const unknown = await putReward('01NOSUCHREWARD', { stock: 1 });
  expect(unknown.status).toBe(404);
  expect(unknown.body.error.code).toBe('REWARD_NOT_FOUND');
  const badCursor = await bff.api.get('/api/admin/reward-exchanges?cursor=garbage', s.admin);
  expect(badCursor.status).toBe(400);
  const hq = await bff.api.get('/api/admin/rewards', s.admin);
  expect(hq.body.items.find((item: { id: string }) => item.id === reward.id)).toMatchObject({
    pointsPrice: 100,
    stock: 3,
    status: 'active',
  });
});

/** How the exchange's hold ended: it stays as written, and a later transfer naming it posts or voids it. */
async function holdStatus(exchangeId: string): Promise<string> {
  const [row] = await bff.db.dataSource.query(
    `SELECT CASE r.status WHEN 'post_pending' THEN 'posted' WHEN 'void_pending' THEN 'voided' ELSE t.status END AS status
       FROM ledger_transfers t LEFT JOIN ledger_transfers r ON r.pending_id = t.id WHERE t.cause_id = ?`,
    [exchangeId],
  );
  return row.status;
}
