import type { FakeWechat } from '../../scripts/src/fake-wechat';
import { createTemplate } from '../support/coupon-fixtures';
import { bindPhone, bootBffWithFakeWechat, signInMember } from '../support/identity-fixtures';
import {
  buyer,
  createMember,
  MovableClock,
  newKey,
  refund,
  type TestMember,
  twoStores,
} from '../support/instore-fixtures';
import { mergeInto } from '../support/merge-fixtures';
import type { TestBff } from '../support/test-bff';

// Monday 2026-11-23, 12:00 in Shanghai (04:00 UTC).
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let fake: FakeWechat;
let admin: string;
let storeA: string;
let clerkA: TestMember;

const giftRule = {
  birthdayPoints: 50,
  birthdayWindow: 'DAY',
  signupPoints: 20,
  tierPoints: { silver: 100, gold: 300, diamond: 0 },
};

beforeAll(async () => {
  ({ bff, fake } = await bootBffWithFakeWechat({ clock }));
  ({ admin, storeA, clerkA } = await twoStores(bff));
});
beforeEach(async () => {
  clock.set('2026-11-23T04:00:00Z');
  expect((await bff.api.put('/api/admin/member-gift-rule', giftRule, { token: admin })).status).toBe(200);
});
afterAll(async () => {
  await bff?.close();
  await fake?.close();
});

const buy = buyer(() => bff, 'MG');
const pointsOf = async (token: string) => (await bff.api.get('/api/me', token)).body.points as number;
const setBirthday = (member: TestMember, birthday: string) =>
  bff.api.put('/api/me/birthday', { birthday }, { token: member.token });
const runBirthdays = async (asOf: string) => {
  const res = await bff.api.post('/api/admin/jobs/birthday-gifts/run', { asOf }, { token: admin });
  expect(res.status).toBe(200);
  return res.body.processed as number;
};

describe('Birthday', () => {
  test('When a member sets the birthday, Then it is locked: a second setting is 409 and the first stays', async () => {
    const member = await createMember(bff);
    expect((await bff.api.get('/api/me/birthday', member.token)).body).toEqual({ birthday: null, locked: false });
    expect((await setBirthday(member, '1990-05-17')).body).toEqual({ birthday: '1990-05-17', locked: true });
    const again = await setBirthday(member, '1990-05-18');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('BIRTHDAY_ALREADY_SET');
    expect((await bff.api.get('/api/me/birthday', member.token)).body).toEqual({
      birthday: '1990-05-17',
      locked: true,
    });
  });

  test('When the birthday is not a real past date, Then 400 and nothing is locked', async () => {
    const member = await createMember(bff);
    expect((await setBirthday(member, '1990-02-30')).status).toBe(400);
    expect((await setBirthday(member, '2027-01-01')).status).toBe(400);
    expect((await setBirthday(member, '1990/01/01')).status).toBe(400);
    expect((await bff.api.get('/api/me/birthday', member.token)).body.locked).toBe(false);
  });

  test('When birthday-gifts runs on the chain-local birthday (DAY), Then the member gets 50 HQ points once that year, and again next year', async () => {
    const today = await createMember(bff);
    const tomorrow = await createMember(bff);
    await setBirthday(today, '1991-03-07');
    await setBirthday(tomorrow, '1991-03-08');
    // 2027-03-07 23:30 in Shanghai is still 15:30 UTC on the 7th; 2027-03-08 00:30 Shanghai is 16:30 UTC on the 7th.
    expect(await runBirthdays('2027-03-07T15:30:00Z')).toBe(1);
    expect(await pointsOf(today.token)).toBe(50);
    expect(await pointsOf(tomorrow.token)).toBe(0);
    expect(await runBirthdays('2027-03-07T15:45:00Z')).toBe(0);
    expect(await runBirthdays('2027-03-07T16:30:00Z')).toBe(1);
    expect(await pointsOf(tomorrow.token)).toBe(50);
    expect(await pointsOf(today.token)).toBe(50);
    const line = (await bff.api.get('/api/me/ledger?asset=POINTS', today.token)).body.items[0];
    expect(line).toMatchObject({ kind: 'BONUS', amount: 50, storeId: null, note: '生日礼遇' });
    expect(await runBirthdays('2028-03-07T04:00:00Z')).toBe(1);
    expect(await pointsOf(today.token)).toBe(100);
  });

  test('When HQ chooses MONTH, Then a run on any day of the birthday month pays once; a 29 February birthday is kept on the 28th otherwise', async () => {
    await bff.api.put('/api/admin/member-gift-rule', { ...giftRule, birthdayWindow: 'MONTH' }, { token: admin });
    const member = await createMember(bff);
    await setBirthday(member, '1985-06-15');
    expect(await runBirthdays('2027-06-01T04:00:00Z')).toBe(1);
    expect(await runBirthdays('2027-06-20T04:00:00Z')).toBe(0);
    expect(await pointsOf(member.token)).toBe(50);
    await bff.api.put('/api/admin/member-gift-rule', giftRule, { token: admin });
    const leap = await createMember(bff);
    await setBirthday(leap, '2000-02-29');
    expect(await runBirthdays('2027-02-28T04:00:00Z')).toBe(1);
    expect(await pointsOf(leap.token)).toBe(50);
  });

  test('When HQ adds a birthday coupon (stock 1), Then the birthday member gets it once with the points, valid 7 chain days; a second member gets the points only', async () => {
    const template = await createTemplate(bff, admin, { name: '生日券', claimable: false, stock: 1 });
    const rule = { ...giftRule, birthdayCouponTemplateId: template.id };
    expect((await bff.api.put('/api/admin/member-gift-rule', rule, { token: admin })).status).toBe(200);
    const first = await createMember(bff);
    const second = await createMember(bff);
    await setBirthday(first, '1992-04-10');
    await setBirthday(second, '1992-04-10');
    expect(await runBirthdays('2027-04-10T04:00:00Z')).toBe(2);
    expect(await runBirthdays('2027-04-10T05:00:00Z')).toBe(0);
    const coupons = async (member: TestMember) =>
      (await bff.api.get('/api/me/coupons?status=available', member.token)).body.items as Array<{
        name: string;
        validUntil: string;
      }>;
    const [mine, theirs] = [await coupons(first), await coupons(second)];
    // Whichever member the job reached first holds the only coupon.
    expect([...mine, ...theirs]).toEqual([
      // Given on 2027-04-10 (Shanghai): days 10..16, ending 23:59:59.999 on the 16th = 15:59:59.999Z.
      expect.objectContaining({ name: '生日券', validUntil: '2027-04-16T15:59:59.999Z' }),
    ]);
    expect([await pointsOf(first.token), await pointsOf(second.token)]).toEqual([50, 50]);
  });

  test('When HQ names an unknown birthday or sign-up coupon template, Then 404 COUPON_TEMPLATE_NOT_FOUND and the rule stays', async () => {
    for (const field of ['birthdayCouponTemplateId', 'signupCouponTemplateId']) {
      const res = await bff.api.put(
        '/api/admin/member-gift-rule',
        { ...giftRule, [field]: '01NOSUCHTEMPLATE' },
        { token: admin },
      );
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('COUPON_TEMPLATE_NOT_FOUND');
    }
    expect((await bff.api.get('/api/admin/member-gift-rule', admin)).body.rule).toEqual(giftRule);
  });

  test('When HQ sets no birthday points, Then the job pays nothing', async () => {
    await bff.api.put('/api/admin/member-gift-rule', { ...giftRule, birthdayPoints: 0 }, { token: admin });
    const member = await createMember(bff);
    await setBirthday(member, '1970-09-09');
    expect(await runBirthdays('2027-09-09T04:00:00Z')).toBe(0);
    expect(await pointsOf(member.token)).toBe(0);
  });
});

describe('Merges', () => {
  const checkIn = (member: TestMember) =>
    bff.api.post('/api/me/check-in', {}, { token: member.token, idempotencyKey: newKey() });
  const rowsOf = async (table: string, memberId: string) =>
    Number((await bff.db.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE member_id = ?`, [memberId]))[0].n);

  test('When a member with this year’s birthday gift and today’s check-in is merged into a card without them, Then no second gift or check-in; undo moves them back', async () => {
    clock.set('2027-04-10T04:00:00Z');
    const absorbed = await createMember(bff);
    const survivor = await createMember(bff);
    await setBirthday(absorbed, '1991-04-10');
    expect(await runBirthdays('2027-04-10T04:00:00Z')).toBe(1);
    expect((await checkIn(absorbed)).status).toBe(200);
    const mergeId = await mergeInto(bff, absorbed.id, survivor.id, clock.now());
    expect(await runBirthdays('2027-04-10T05:00:00Z')).toBe(0);
    expect((await bff.api.get('/api/me/birthday', survivor.token)).body).toEqual({
      birthday: '1991-04-10',
      locked: true,
    });
    expect((await checkIn(survivor)).body.error.code).toBe('ALREADY_CHECKED_IN');
    expect((await bff.api.post(`/api/admin/merges/${mergeId}/undo`, {}, { token: admin })).status).toBe(200);
    for (const table of ['member_grants', 'member_birthdays', 'check_ins']) {
      expect([table, await rowsOf(table, absorbed.id), await rowsOf(table, survivor.id)]).toEqual([table, 1, 0]);
    }
    // The restored member still has this year's gift on record: the job pays nobody again.
    expect(await runBirthdays('2027-04-10T06:00:00Z')).toBe(0);
  });

  test('When both cards already had this year’s birthday gift, Then the survivor keeps its own grant and birthday, the absorbed ones stay put, and undo changes nothing of the survivor’s', async () => {
    clock.set('2027-05-02T04:00:00Z');
    const absorbed = await createMember(bff);
    const survivor = await createMember(bff);
    await setBirthday(absorbed, '1992-05-02');
    await setBirthday(survivor, '1980-05-02');
    expect(await runBirthdays('2027-05-02T04:00:00Z')).toBe(2);
    const mergeId = await mergeInto(bff, absorbed.id, survivor.id, clock.now());
    expect(await runBirthdays('2027-05-02T05:00:00Z')).toBe(0);
    expect((await bff.api.get('/api/me/birthday', survivor.token)).body.birthday).toBe('1980-05-02');
    expect([await rowsOf('member_grants', absorbed.id), await rowsOf('member_grants', survivor.id)]).toEqual([1, 1]);
    expect((await bff.api.post(`/api/admin/merges/${mergeId}/undo`, {}, { token: admin })).status).toBe(200);
    expect([await rowsOf('member_birthdays', absorbed.id), await rowsOf('member_birthdays', survivor.id)]).toEqual([
      1, 1,
    ]);
    expect([await rowsOf('member_grants', absorbed.id), await rowsOf('member_grants', survivor.id)]).toEqual([1, 1]);
  });
});

describe('Sign-up gift', () => {
  test('When a member binds a phone for the first time, Then 20 HQ points; a second WeChat account binding the same phone merges and pays nothing more', async () => {
    const first = await signInMember(bff, fake, { openid: 'o-signup-1' });
    expect((await bindPhone(bff, fake, first.token, '13900001111')).status).toBe(200);
    expect(await pointsOf(first.token)).toBe(20);
    const line = (await bff.api.get('/api/me/ledger?asset=POINTS', first.token)).body.items[0];
    expect(line).toMatchObject({ kind: 'BONUS', amount: 20, note: '新会员礼' });
    expect((await bindPhone(bff, fake, first.token, '13900001111')).status).toBe(200);
    const second = await signInMember(bff, fake, { openid: 'o-signup-2' });
    const merged = await bindPhone(bff, fake, second.token, '13900001111');
    expect(merged.body.merged).toBe(true);
    expect(await pointsOf(merged.body.token)).toBe(20);
  });

  test('When HQ adds a sign-up coupon, Then the first binding gives it with the points, once', async () => {
    const template = await createTemplate(bff, admin, { name: '新人券', claimable: false });
    const rule = { ...giftRule, signupCouponTemplateId: template.id };
    expect((await bff.api.put('/api/admin/member-gift-rule', rule, { token: admin })).status).toBe(200);
    const member = await signInMember(bff, fake, { openid: 'o-signup-coupon' });
    expect((await bindPhone(bff, fake, member.token, '13900002222')).status).toBe(200);
    expect((await bindPhone(bff, fake, member.token, '13900002222')).status).toBe(200);
    const list = (await bff.api.get('/api/me/coupons?status=available', member.token)).body.items;
    expect(list.map((coupon: { name: string }) => coupon.name)).toEqual(['新人券']);
    expect(await pointsOf(member.token)).toBe(20);
  });
});

describe('Tier-upgrade gift', () => {
  test('When a checkout raises a member to silver, Then 100 HQ points; lost by a refund and regained the same year, Then no second gift', async () => {
    const member = await createMember(bff);
    const sale = await buy(clerkA, storeA, member, { amountFen: 100_000 }); // ¥1,000: silver, 1,000 points
    expect(sale.member.tier).toBe('silver');
    expect(await pointsOf(member.token)).toBe(1_100);
    expect((await refund(bff, clerkA, storeA, sale.checkoutId)).status).toBe(200);
    expect((await bff.api.get('/api/me', member.token)).body.tier).toBe('basic');
    const again = await buy(clerkA, storeA, member, { amountFen: 100_000 });
    expect(again.member.tier).toBe('silver');
    // 1,100 − 1,000 clawed back by the refund + 1,000 earned again; no second silver gift.
    expect(await pointsOf(member.token)).toBe(1_100);
  });

  test('When refresh-tiers raises members after HQ lowers the thresholds, Then each gets the gift of the tier reached, once', async () => {
    const member = await createMember(bff);
    await buy(clerkA, storeA, member, { amountFen: 2_000 }); // 20 points, basic
    const tierRule = { silverFen: 1_000, goldFen: 1_500, diamondFen: 1_000_000_000 };
    expect((await bff.api.put('/api/admin/tier-rule', tierRule, { token: admin })).status).toBe(200);
    const run = await bff.api.post('/api/admin/jobs/refresh-tiers/run', {}, { token: admin });
    expect(run.status).toBe(200);
    expect((await bff.api.get('/api/me', member.token)).body.tier).toBe('gold');
    expect(await pointsOf(member.token)).toBe(20 + 300);
    await bff.api.post('/api/admin/jobs/refresh-tiers/run', {}, { token: admin });
    expect(await pointsOf(member.token)).toBe(320);
    const audit = (await bff.api.get('/api/admin/ledger/audit', admin)).body;
    expect(audit).toMatchObject({ balanced: true, mismatchedAccounts: [], negativeMemberAccounts: [] });
  });
});
