import { buyer, createMember, MovableClock, newKey, type TestMember, twoStores } from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

// Monday 2026-11-23, 12:00 in Shanghai (04:00 UTC).
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let admin: string;
let storeB: string;
let clerkB: TestMember;

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  ({ admin, storeB, clerkB } = await twoStores(bff));
});
afterAll(() => bff?.close());

const buy = buyer(() => bff, 'CI');
const checkIn = (member: TestMember, key = newKey()) =>
  bff.api.post('/api/me/check-in', {}, { token: member.token, idempotencyKey: key });
const pointsOf = async (member: TestMember) => (await bff.api.get('/api/me', member.token)).body.points as number;
const setRule = (rule: unknown) => bff.api.put('/api/admin/check-in-rule', rule, { token: admin });
const defaultRule = { basePoints: 1, streakBonuses: [] };

describe('POST /api/me/check-in', () => {
  beforeEach(async () => {
    clock.set('2026-11-23T04:00:00Z');
    expect((await setRule(defaultRule)).status).toBe(200);
  });

  test('When a member checks in for the first time, Then 1 point (the default), streak 1, a history line naming the streak, and the calendar marks the day', async () => {
    const member = await createMember(bff);
    const res = await checkIn(member);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ pointsAwarded: 1, streakDays: 1, date: '2026-11-23' });
    expect(await pointsOf(member)).toBe(1);
    const ledger = (await bff.api.get('/api/me/ledger?asset=POINTS', member.token)).body.items;
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ kind: 'CHECKIN', amount: 1, storeId: null, note: '连续签到第1天' });
    const month = (await bff.api.get('/api/me/check-ins?month=2026-11', member.token)).body;
    expect(month).toMatchObject({ month: '2026-11', today: '2026-11-23', checkedInToday: true, currentStreak: 1 });
    expect(month.days).toEqual([{ date: '2026-11-23', streakDays: 1, pointsAwarded: 1 }]);
    expect((await bff.api.get('/api/me/check-ins?month=2026-10', member.token)).body.days).toEqual([]);
  });

  test('When the member checks in again the same day, Then 409 ALREADY_CHECKED_IN and nothing more is paid', async () => {
    const member = await createMember(bff);
    expect((await checkIn(member)).status).toBe(200);
    clock.set('2026-11-23T15:59:00Z'); // 23:59 in Shanghai, still the same chain day
    const again = await checkIn(member);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_CHECKED_IN');
    expect(await pointsOf(member)).toBe(1);
  });

  test('When the same Idempotency-Key is sent twice, Then the first answer is replayed, not a 409', async () => {
    const member = await createMember(bff);
    const key = newKey();
    const first = await checkIn(member, key);
    const second = await checkIn(member, key);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await pointsOf(member)).toBe(1);
  });

  test('When five check-ins of one member arrive at once, Then exactly one is rewarded and four are 409', async () => {
    const member = await createMember(bff);
    const answers = await Promise.all(Array.from({ length: 5 }, () => checkIn(member)));
    expect(answers.map((res) => res.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(await pointsOf(member)).toBe(1);
    const rows = await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM check_ins WHERE member_id = ?', [member.id]);
    expect(Number(rows[0].n)).toBe(1);
  });

  test('When the member checks in at 23:59 and again at 00:01 chain time (the same UTC date), Then day 2 of the streak pays its bonus', async () => {
    expect((await setRule({ basePoints: 2, streakBonuses: [{ day: 2, points: 5 }] })).status).toBe(200);
    const member = await createMember(bff);
    clock.set('2026-11-23T15:59:00Z'); // 2026-11-23 23:59 Shanghai
    expect((await checkIn(member)).body).toEqual({ pointsAwarded: 2, streakDays: 1, date: '2026-11-23' });
    clock.set('2026-11-23T16:01:00Z'); // 2026-11-24 00:01 Shanghai, still 2026-11-23 in UTC
    expect((await checkIn(member)).body).toEqual({ pointsAwarded: 7, streakDays: 2, date: '2026-11-24' });
    expect(await pointsOf(member)).toBe(9);
    const ledger = (await bff.api.get('/api/me/ledger?asset=POINTS', member.token)).body.items;
    expect(ledger[0]).toMatchObject({ kind: 'CHECKIN', amount: 7, note: '连续签到第2天' });
    const month = (await bff.api.get('/api/me/check-ins', member.token)).body;
    expect(month).toMatchObject({ today: '2026-11-24', checkedInToday: true, currentStreak: 2, nextPoints: 2 });
  });

  test('When a day is skipped, Then the streak starts again at 1 and the calendar shows a broken streak as 0', async () => {
    const member = await createMember(bff);
    expect((await checkIn(member)).body.streakDays).toBe(1);
    clock.set('2026-11-25T04:00:00Z');
    const month = (await bff.api.get('/api/me/check-ins', member.token)).body;
    expect(month).toMatchObject({ checkedInToday: false, currentStreak: 0, nextPoints: 1 });
    expect((await checkIn(member)).body).toEqual({ pointsAwarded: 1, streakDays: 1, date: '2026-11-25' });
  });

  test('When the month query is malformed or the caller is not signed in, Then 400 / 401', async () => {
    const member = await createMember(bff);
    expect((await bff.api.get('/api/me/check-ins?month=2026-13', member.token)).status).toBe(400);
    expect((await bff.api.post('/api/me/check-in', {}, { idempotencyKey: newKey() })).status).toBe(401);
    expect((await bff.api.post('/api/me/check-in', {}, { token: member.token })).status).toBe(400);
  });
});

describe('HQ check-in rule and settlement', () => {
  beforeEach(() => clock.set('2026-11-23T04:00:00Z'));

  test('When HQ sets a rule with a zero base or a repeated bonus day, or a member tries, Then 400 / 403 and the rule stays', async () => {
    expect((await setRule({ basePoints: 3, streakBonuses: [{ day: 7, points: 10 }] })).status).toBe(200);
    expect((await setRule({ basePoints: 0, streakBonuses: [] })).status).toBe(400);
    expect(
      (
        await setRule({
          basePoints: 1,
          streakBonuses: [
            { day: 7, points: 1 },
            { day: 7, points: 2 },
          ],
        })
      ).status,
    ).toBe(400);
    const member = await createMember(bff);
    expect((await bff.api.put('/api/admin/check-in-rule', defaultRule, { token: member.token })).status).toBe(403);
    expect((await bff.api.get('/api/admin/check-in-rule', admin)).body.rule).toEqual({
      basePoints: 3,
      streakBonuses: [{ day: 7, points: 10 }],
    });
  });

  test('When check-in points (HQ-funded) are redeemed at store B, Then HQ owes B for them and the ledger balances', async () => {
    expect((await setRule({ basePoints: 200, streakBonuses: [] })).status).toBe(200);
    const member = await createMember(bff);
    expect((await checkIn(member)).body.pointsAwarded).toBe(200);
    const spent = await buy(clerkB, storeB, member, { amountFen: 1_000, redeemPoints: 200 });
    expect(spent.pointsRedeemed).toBe(200);
    const items = (await bff.api.get('/api/admin/settlements?from=2026-11-01&to=2026-11-30', admin)).body.items;
    expect(items).toContainEqual({
      fromStoreId: 'HQ',
      toStoreId: storeB,
      points: 200,
      pointsValueFen: 200,
      storedValueFen: 0,
      couponValueFen: 0,
      netFen: 200,
    });
    const audit = (await bff.api.get('/api/admin/ledger/audit', admin)).body;
    expect(audit).toMatchObject({ balanced: true, mismatchedAccounts: [], negativeMemberAccounts: [] });
  });
});
