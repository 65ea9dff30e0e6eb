import { ulid } from 'ulid';
import { inTransaction } from '../../bff/src/db/tx';
import { earnPendingPoints } from '../../bff/src/domain/ledger';
import {
  buyer,
  createMember,
  grantPoints,
  MovableClock,
  newKey,
  type TestMember,
  twoStores,
} from '../support/instore-fixtures';
import { mergeInto } from '../support/merge-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

// Monday 2026-11-23, 12:00 in Shanghai (04:00 UTC).
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let admin: string;
let storeA: string;
let storeB: string;
let clerkA: TestMember;
let clerkB: TestMember;

const rule = { enabled: true, perGiftMaxPoints: 500, dailyMaxPoints: 600 };

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  ({ admin, storeA, storeB, clerkA, clerkB } = await twoStores(bff));
});
beforeEach(async () => {
  clock.set('2026-11-23T04:00:00Z');
  expect((await bff.api.put('/api/admin/points-gift-rule', rule, { token: admin })).status).toBe(200);
});
afterAll(() => bff?.close());

const buy = buyer(() => bff, 'G');
const codeOf = async (member: TestMember) => (await bff.api.get('/api/me', member.token)).body.referralCode as string;
const pointsOf = async (member: TestMember) => (await bff.api.get('/api/me', member.token)).body.points as number;
const gift = (from: TestMember, recipientCode: string, points: number, key = newKey()) =>
  bff.api.post('/api/me/points/gift', { recipientCode, points }, { token: from.token, idempotencyKey: key });
const lotsOf = (member: TestMember) =>
  bff.db.dataSource.query(
    "SELECT issuing_store_id, funded_by, remaining, expires_at FROM ledger_lots WHERE member_id = ? AND asset = 'POINTS' AND remaining > 0 ORDER BY id",
    [member.id],
  );
const statement = async () =>
  (await bff.api.get('/api/admin/settlements?from=2026-11-01&to=2026-11-30', admin)).body.items as Array<{
    fromStoreId: string;
    toStoreId: string;
    points: number;
  }>;
const owedAtoB = async () =>
  (await statement()).find((row) => row.fromStoreId === storeA && row.toStoreId === storeB)?.points ?? 0;

describe('POST /api/me/points/gift', () => {
  test('When a member gives 30 of the 100 points earned at store A, Then both histories show it and the recipient lot keeps store A and its expiry', async () => {
    const sender = await createMember(bff);
    const recipient = await createMember(bff);
    await buy(clerkA, storeA, sender, { amountFen: 10_000 }); // 1 point per yuan: 100 points from A
    const [senderLot] = await lotsOf(sender);
    const res = await gift(sender, await codeOf(recipient), 30);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ points: 30, pointsLeft: 70, remainingToday: 570 });
    expect(await pointsOf(sender)).toBe(70);
    expect(await pointsOf(recipient)).toBe(30);
    const senderLine = (await bff.api.get('/api/me/ledger?asset=POINTS', sender.token)).body.items[0];
    const recipientLine = (await bff.api.get('/api/me/ledger?asset=POINTS', recipient.token)).body.items[0];
    expect(senderLine).toMatchObject({ kind: 'GIFT', amount: -30 });
    expect(recipientLine).toMatchObject({ kind: 'GIFT', amount: 30, id: senderLine.id });
    const recipientLots = await lotsOf(recipient);
    expect(recipientLots).toHaveLength(1);
    expect(recipientLots[0]).toMatchObject({ issuing_store_id: storeA, funded_by: 'STORE', remaining: 30 });
    expect(new Date(recipientLots[0].expires_at).getTime()).toBe(new Date(senderLot.expires_at).getTime());
  });

  test('When points from store A are gifted and the recipient redeems them at store B, Then A owes B for them', async () => {
    const sender = await createMember(bff);
    const recipient = await createMember(bff);
    await buy(clerkA, storeA, sender, { amountFen: 20_000 }); // 200 points from A
    expect((await gift(sender, await codeOf(recipient), 200)).status).toBe(201);
    const before = await owedAtoB();
    const spent = await buy(clerkB, storeB, recipient, { amountFen: 1_000, redeemPoints: 200 });
    expect(spent.pointsRedeemed).toBe(200);
    expect((await owedAtoB()) - before).toBe(200);
  });

  test('When the same Idempotency-Key is sent twice, Then one gift is made and the answer is replayed', async () => {
    const sender = await createMember(bff);
    const recipient = await createMember(bff);
    await grantPoints(bff, sender.id, storeA, 50);
    const key = newKey();
    const code = await codeOf(recipient);
    const first = await gift(sender, code, 20, key);
    const second = await gift(sender, code, 20, key);
    expect(second.status).toBe(201);
    expect(second.body.giftId).toBe(first.body.giftId);
    expect(await pointsOf(sender)).toBe(30);
    expect(await pointsOf(recipient)).toBe(20);
  });

  test('When a gift is above the per-gift limit, Then 409 GIFT_LIMIT_EXCEEDED and nothing moves', async () => {
    const sender = await createMember(bff);
    const recipient = await createMember(bff);
    await grantPoints(bff, sender.id, storeA, 1_000);
    const res = await gift(sender, await codeOf(recipient), 501);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('GIFT_LIMIT_EXCEEDED');
    expect(await pointsOf(sender)).toBe(1_000);
    expect(await pointsOf(recipient)).toBe(0);
  });

  test('When the day’s gifts would pass the daily limit, Then 409 until the next chain-local day', async () => {
    const sender = await createMember(bff);
    const recipient = await createMember(bff);
    await grantPoints(bff, sender.id, storeA, 1_000);
    const code = await codeOf(recipient);
    expect((await gift(sender, code, 500)).status).toBe(201);
    expect((await gift(sender, code, 100)).body.remainingToday).toBe(0);
    const over = await gift(sender, code, 1);
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'GIFT_LIMIT_EXCEEDED', details: { remainingToday: 0 } });
    expect((await bff.api.get('/api/me/points/gift-options', sender.token)).body).toEqual({
      enabled: true,
      perGiftMaxPoints: 500,
      remainingToday: 0,
      spendablePoints: 400,
    });
    clock.set('2026-11-23T16:00:00Z'); // 00:00 on the 24th in Shanghai
    expect((await gift(sender, code, 1)).status).toBe(201);
    expect(await pointsOf(recipient)).toBe(601);
  });

  test('When a sender who gave 400 today is merged into a card that gave 100, Then the survivor has 100 left today; undo gives each card its own total back', async () => {
    const absorbed = await createMember(bff);
    const survivor = await createMember(bff);
    const recipient = await createMember(bff);
    await grantPoints(bff, absorbed.id, storeA, 400);
    await grantPoints(bff, survivor.id, storeA, 300);
    const code = await codeOf(recipient);
    expect((await gift(absorbed, code, 400)).status).toBe(201);
    expect((await gift(survivor, code, 100)).status).toBe(201);
    const mergeId = await mergeInto(bff, absorbed.id, survivor.id, clock.now());
    expect((await bff.api.get('/api/me/points/gift-options', survivor.token)).body.remainingToday).toBe(100);
    expect((await gift(survivor, code, 101)).body.error.code).toBe('GIFT_LIMIT_EXCEEDED');
    expect((await bff.api.post(`/api/admin/merges/${mergeId}/undo`, {}, { token: admin })).status).toBe(200);
    const days = await bff.db.dataSource.query(
      'SELECT member_id, points_sent FROM points_gift_days WHERE member_id IN (?, ?) AND local_date = ?',
      [absorbed.id, survivor.id, '2026-11-23'],
    );
    expect(
      days.map((row: { member_id: string; points_sent: number }) => `${row.member_id}:${row.points_sent}`).sort(),
    ).toEqual([`${absorbed.id}:400`, `${survivor.id}:100`].sort());
  });

  test('When a failed gift (not enough points) is tried, Then it does not count toward the daily limit', async () => {
    const sender = await createMember(bff);
    const recipient = await createMember(bff);
    await grantPoints(bff, sender.id, storeA, 100);
    const code = await codeOf(recipient);
    const short = await gift(sender, code, 500);
    expect(short.status).toBe(409);
    expect(short.body.error.code).toBe('INSUFFICIENT_POINTS');
    expect((await bff.api.get('/api/me/points/gift-options', sender.token)).body.remainingToday).toBe(600);
  });

  test('When the sender’s points are still pending, Then they cannot be gifted (INSUFFICIENT_POINTS)', async () => {
    const sender = await createMember(bff);
    const recipient = await createMember(bff);
    await inTransaction(bff.db.dataSource, (tx) =>
      earnPendingPoints(tx, {
        memberId: sender.id,
        storeId: storeA,
        points: 80,
        idempotencyKey: `pending:${ulid()}`,
        earnedAt: clock.now(),
        releaseAt: new Date('2026-12-01T00:00:00Z'),
        causeType: 'test',
        causeId: ulid(),
      }),
    );
    const res = await gift(sender, await codeOf(recipient), 10);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INSUFFICIENT_POINTS');
    expect(await pointsOf(recipient)).toBe(0);
  });

  test('When the code is unknown, the sender’s own, the body is bad, or HQ switched gifts off, Then 404 / 400 / 400 / 409 and nothing moves', async () => {
    const sender = await createMember(bff);
    await grantPoints(bff, sender.id, storeA, 100);
    expect((await gift(sender, 'NOSUCHCODE', 10)).body.error.code).toBe('GIFT_RECIPIENT_NOT_FOUND');
    const own = await gift(sender, await codeOf(sender), 10);
    expect(own.status).toBe(400);
    expect(own.body.error.code).toBe('GIFT_TO_SELF');
    expect((await gift(sender, 'x', 0)).status).toBe(400);
    const recipient = await createMember(bff);
    const code = await codeOf(recipient);
    expect((await gift(sender, code.toLowerCase(), 10)).status).toBe(404);
    await bff.api.put('/api/admin/points-gift-rule', { ...rule, enabled: false }, { token: admin });
    expect((await gift(sender, code, 10)).body.error.code).toBe('GIFTS_DISABLED');
    expect(await pointsOf(sender)).toBe(100);
    expect(
      (await bff.api.put('/api/admin/points-gift-rule', { ...rule, perGiftMaxPoints: 700 }, { token: admin })).status,
    ).toBe(400);
  });

  test('When 20 gifts of 10 points leave a sender holding 100 at once, Then exactly 100 points move and the ledger balances', async () => {
    const sender = await createMember(bff);
    const recipient = await createMember(bff);
    await grantPoints(bff, sender.id, storeA, 100);
    const code = await codeOf(recipient);
    const answers = await Promise.all(Array.from({ length: 20 }, () => gift(sender, code, 10)));
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(
      answers.filter((res) => res.status !== 201).every((res) => res.body.error.code === 'INSUFFICIENT_POINTS'),
    ).toBe(true);
    expect(await pointsOf(sender)).toBe(0);
    expect(await pointsOf(recipient)).toBe(100);
    const audit = (await bff.api.get('/api/admin/ledger/audit', admin)).body;
    expect(audit).toMatchObject({ balanced: true, mismatchedAccounts: [], negativeMemberAccounts: [] });
  });
});
