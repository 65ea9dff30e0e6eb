import { claim, claimed, couponStatus, createTemplate } from '../support/coupon-fixtures';
import {
  buyer,
  checkout,
  countRows,
  createMember,
  createStaff,
  grantPoints,
  MovableClock,
  memberCode,
  newKey,
  refund,
  scanMember,
  type TwoStores,
  twoStores,
} from '../support/instore-fixtures';
import { mergeInto } from '../support/merge-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

/** Coupons at the till: priced before points, every rule refused with its reason, used once, restored on a full refund. */
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z')); // 12:00 in Shanghai
let bff: TestBff;
let s: TwoStores;
let order = 0;

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  s = await twoStores(bff);
});
afterAll(() => bff?.close());

const buy = buyer(() => bff, 'CP');

async function attempt(
  storeId: string,
  member: Awaited<ReturnType<typeof createMember>>,
  body: Record<string, unknown>,
) {
  const clerk = storeId === s.storeA ? s.clerkA : s.clerkB;
  const scanId = await scanMember(bff, clerk, storeId, member);
  return checkout(bff, clerk, storeId, { scanId, orderRef: `CX-${++order}`, ...body });
}

async function memberWith(patch: Record<string, unknown> = {}) {
  const member = await createMember(bff);
  const template = await createTemplate(bff, s.admin, patch);
  const coupon = await claimed(bff, member, template.id);
  return { member, coupon, template };
}

describe('Pricing', () => {
  test('When a ¥10-off-¥50 coupon and 100 points pay part of ¥100, Then the coupon comes first, points on the rest, and it earns on cash', async () => {
    const { member, coupon } = await memberWith();
    await grantPoints(bff, member.id, s.storeA, 1_000);
    const sale = await buy(s.clerkA, s.storeA, member, {
      amountFen: 10_000,
      couponCodes: [coupon.code],
      redeemPoints: 100,
    });
    // 10000 - 1000 coupon = 9000; 100 points = ¥1 (default 100 points per yuan); cash 8900 earns 89 points.
    expect(sale).toMatchObject({
      couponDiscountFen: 1_000,
      pointsDiscountFen: 100,
      cashDueFen: 8_900,
      pointsEarned: 89,
    });
    expect(await couponStatus(bff, coupon.id)).toBe('used');
  });

  test('When a 20 %-off coupon capped at ¥15 meets ¥100, Then ¥15 off; on ¥50 it is ¥10 off', async () => {
    const patch = { type: 'PERCENT_OFF', thresholdFen: 0, valueFen: undefined, percentOff: 20, maxDiscountFen: 1_500 };
    const big = await memberWith(patch);
    const capped = await buy(s.clerkA, s.storeA, big.member, { amountFen: 10_000, couponCodes: [big.coupon.code] });
    expect(capped.couponDiscountFen).toBe(1_500);
    const small = await memberWith(patch);
    const under = await buy(s.clerkA, s.storeA, small.member, { amountFen: 5_001, couponCodes: [small.coupon.code] });
    expect(under).toMatchObject({ couponDiscountFen: 1_000, cashDueFen: 4_001 }); // floor(5001 × 20 %) = 1000
  });

  test('When the order is ¥49.99 against a ¥50 threshold, Then 409 COUPON_NOT_USABLE rule THRESHOLD and nothing is written; ¥50.00 passes', async () => {
    const { member, coupon } = await memberWith();
    const before = await countRows(bff, ['checkouts', 'ledger_transfers', 'settlement_lines']);
    const res = await attempt(s.storeA, member, { amountFen: 4_999, couponCodes: [coupon.code] });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'COUPON_NOT_USABLE',
      details: { couponCode: coupon.code, rule: 'THRESHOLD', thresholdFen: 5_000, amountFen: 4_999 },
    });
    expect(await countRows(bff, ['checkouts', 'ledger_transfers', 'settlement_lines'])).toEqual(before);
    expect(await couponStatus(bff, coupon.id)).toBe('available');
    expect((await attempt(s.storeA, member, { amountFen: 5_000, couponCodes: [coupon.code] })).status).toBe(201);
  });

  test('When a coupon scoped to store A is used at store B, Then 409 rule STORE_SCOPE; at A it works', async () => {
    const { member, coupon } = await memberWith({ storeIds: [s.storeA] });
    const atB = await attempt(s.storeB, member, { amountFen: 6_000, couponCodes: [coupon.code] });
    expect(atB.body.error.details).toMatchObject({ rule: 'STORE_SCOPE' });
    expect((await attempt(s.storeA, member, { amountFen: 6_000, couponCodes: [coupon.code] })).status).toBe(201);
  });

  test('When two coupons meet one order, Then non-stackable is refused (STACKING); two stackable ones add up', async () => {
    const member = await createMember(bff);
    const plain = await createTemplate(bff, s.admin, { perMemberLimit: 5 });
    const a = await claimed(bff, member, plain.id);
    const b = await claimed(bff, member, plain.id);
    const refused = await attempt(s.storeA, member, { amountFen: 10_000, couponCodes: [a.code, b.code] });
    expect(refused.body.error.details).toMatchObject({ rule: 'STACKING' });
    const stack = await createTemplate(bff, s.admin, {
      stackable: true,
      perMemberLimit: 5,
      valueFen: 500,
      thresholdFen: 0,
    });
    const pct = await createTemplate(bff, s.admin, {
      stackable: true,
      type: 'PERCENT_OFF',
      valueFen: undefined,
      percentOff: 10,
      thresholdFen: 0,
    });
    const c = await claimed(bff, member, stack.id);
    const d = await claimed(bff, member, pct.id);
    const sale = await buy(s.clerkA, s.storeA, member, { amountFen: 10_000, couponCodes: [d.code, c.code] });
    // Amount-off first: 10000 - 500 = 9500, then 10 % of 9500 = 950.
    expect(sale.couponDiscountFen).toBe(1_450);
    const same = await attempt(s.storeA, member, { amountFen: 10_000, couponCodes: [a.code, a.code] });
    expect(same.body.error.details).toMatchObject({ rule: 'DUPLICATE' });
  });

  test('When the code is unknown, another member’s, or a gift coupon, Then 409 with rule NOT_FOUND / NOT_YOURS / TYPE', async () => {
    const { coupon } = await memberWith();
    const stranger = await createMember(bff);
    expect(
      (await attempt(s.storeA, stranger, { amountFen: 9_000, couponCodes: ['9000000000000000'] })).body.error.details
        .rule,
    ).toBe('NOT_FOUND');
    expect(
      (await attempt(s.storeA, stranger, { amountFen: 9_000, couponCodes: [coupon.code] })).body.error.details.rule,
    ).toBe('NOT_YOURS');
    const gift = await memberWith({ type: 'GIFT', name: '赠饮', thresholdFen: 0, valueFen: 1_200 });
    expect(
      (await attempt(s.storeA, gift.member, { amountFen: 9_000, couponCodes: [gift.coupon.code] })).body.error.details
        .rule,
    ).toBe('TYPE');
  });

  test('When the preview names a coupon, Then it shows the discount and the coupon stays available', async () => {
    const { member, coupon } = await memberWith();
    const scanId = await scanMember(bff, s.clerkA, s.storeA, member);
    const preview = await bff.api.post(
      `/api/stores/${s.storeA}/checkouts/preview`,
      { scanId, orderRef: 'PV-1', amountFen: 8_000, couponCodes: [coupon.code] },
      { token: s.clerkA.token },
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ couponDiscountFen: 1_000, cashDueFen: 7_000 });
    expect(await couponStatus(bff, coupon.id)).toBe('available');
  });
});

describe('Validity at the till (chain time)', () => {
  test('When a coupon valid through the 23rd is used at 23:59:58 Shanghai, Then it works; at 00:00:00 on the 24th it is EXPIRED', async () => {
    const member = await createMember(bff);
    const template = await createTemplate(bff, s.admin, { validDays: 1, perMemberLimit: 2 });
    const early = await claimed(bff, member, template.id);
    const late = await claimed(bff, member, template.id);
    try {
      clock.set('2026-11-23T15:59:28Z'); // scanMember advances 30 s: the checkout runs at 23:59:58 local
      const ok = await attempt(s.storeA, member, { amountFen: 6_000, couponCodes: [early.code] });
      expect(ok.status).toBe(201);
      clock.set('2026-11-23T15:59:30Z'); // → 00:00:00 on the 24th
      const refused = await attempt(s.storeA, member, { amountFen: 6_000, couponCodes: [late.code] });
      expect(refused.status).toBe(409);
      expect(refused.body.error.details).toMatchObject({ rule: 'EXPIRED', validUntil: '2026-11-23T15:59:59.999Z' });
    } finally {
      clock.set('2026-11-23T04:00:00Z');
    }
  });

  test('When a fixed window has not started, Then 409 rule NOT_YET_VALID', async () => {
    const { member, coupon } = await memberWith({
      validDays: undefined,
      validFrom: '2026-12-01T00:00:00Z',
      validUntil: '2026-12-31T00:00:00Z',
    });
    expect(
      (await attempt(s.storeA, member, { amountFen: 6_000, couponCodes: [coupon.code] })).body.error.details.rule,
    ).toBe('NOT_YET_VALID');
  });
});

describe('Single use', () => {
  test('When two checkouts at two tills name the same coupon at once, Then one succeeds and the other is 409 USED', async () => {
    const { member, coupon } = await memberWith();
    const scanA = await scanMember(bff, s.clerkA, s.storeA, member);
    const scanB = await scanMember(bff, s.clerkA, s.storeA, member);
    const [one, two] = await Promise.all([
      checkout(bff, s.clerkA, s.storeA, {
        scanId: scanA,
        orderRef: 'SU-1',
        amountFen: 6_000,
        couponCodes: [coupon.code],
      }),
      checkout(bff, s.clerkA, s.storeA, {
        scanId: scanB,
        orderRef: 'SU-2',
        amountFen: 6_000,
        couponCodes: [coupon.code],
      }),
    ]);
    expect([one.status, two.status].sort()).toEqual([201, 409]);
    const loser = one.status === 409 ? one : two;
    expect(loser.body.error.details.rule).toBe('USED');
    const [row] = await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM checkouts WHERE order_ref IN (?, ?)', [
      'SU-1',
      'SU-2',
    ]);
    expect(Number(row.n)).toBe(1);
  });

  test('When a used coupon is tried again, Then 409 USED', async () => {
    const { member, coupon } = await memberWith();
    await buy(s.clerkA, s.storeA, member, { amountFen: 6_000, couponCodes: [coupon.code] });
    expect(
      (await attempt(s.storeA, member, { amountFen: 6_000, couponCodes: [coupon.code] })).body.error.details.rule,
    ).toBe('USED');
  });
});

describe('Refunds', () => {
  test('When the whole order is refunded while the coupon is valid, Then couponsRestored and it is usable again; a partial refund keeps it used', async () => {
    const { member, coupon } = await memberWith();
    const sale = await buy(s.clerkA, s.storeA, member, { amountFen: 10_000, couponCodes: [coupon.code] });
    const part = await refund(bff, s.clerkA, s.storeA, sale.checkoutId, { amountFen: 4_000 });
    expect(part.body).toMatchObject({ refundedFen: 4_000, couponsRestored: false });
    expect(await couponStatus(bff, coupon.id)).toBe('used');
    const rest = await refund(bff, s.clerkA, s.storeA, sale.checkoutId);
    expect(rest.body).toMatchObject({ refundedFen: 5_000, couponsRestored: true });
    expect(await couponStatus(bff, coupon.id)).toBe('available');
    const list = await bff.api.get(`/api/stores/${s.storeA}/checkouts?date=2026-11-23`, s.clerkA.token);
    const line = list.body.items.find((c: { checkoutId: string }) => c.checkoutId === sale.checkoutId);
    expect(line.refunds.map((r: { couponsRestored: boolean }) => r.couponsRestored)).toEqual([false, true]);
    expect((await attempt(s.storeA, member, { amountFen: 6_000, couponCodes: [coupon.code] })).status).toBe(201);
  });

  test('When the whole order is refunded after the coupon’s window ended, Then couponsRestored is false and it is expired', async () => {
    const { member, coupon } = await memberWith({ validDays: 1 });
    const sale = await buy(s.clerkA, s.storeA, member, { amountFen: 10_000, couponCodes: [coupon.code] });
    try {
      clock.set('2026-11-23T16:00:00Z');
      const res = await bff.api.post(
        `/api/stores/${s.storeA}/checkouts/${sale.checkoutId}/refund`,
        {},
        {
          token: s.clerkA.token,
          idempotencyKey: newKey(),
        },
      );
      // The sale was on the 23rd and it is now the 24th: a clerk needs a manager.
      expect(res.status).toBe(403);
      const manager = await createStaff(bff, s.storeA, 'manager');
      const ok = await refund(bff, manager, s.storeA, sale.checkoutId);
      expect(ok.body).toMatchObject({ couponsRestored: false });
      expect(await couponStatus(bff, coupon.id)).toBe('expired');
    } finally {
      clock.set('2026-11-23T04:00:00Z');
    }
  });
});

describe('Who funds the discount', () => {
  test('When an HQ-funded coupon is used at B, Then HQ owes B the discount; store A’s own coupon at B makes A owe B; a refund cancels it', async () => {
    const period = '/api/admin/settlements?from=2026-11-25&to=2026-11-25';
    clock.set('2026-11-25T04:00:00Z');
    try {
      const hq = await memberWith({ valueFen: 700 });
      await buy(s.clerkB, s.storeB, hq.member, { amountFen: 6_000, couponCodes: [hq.coupon.code] });
      const ofA = await memberWith({ valueFen: 300, fundedBy: s.storeA });
      const sale = await buy(s.clerkB, s.storeB, ofA.member, { amountFen: 6_000, couponCodes: [ofA.coupon.code] });
      const own = await memberWith({ valueFen: 900, fundedBy: s.storeB });
      await buy(s.clerkB, s.storeB, own.member, { amountFen: 6_000, couponCodes: [own.coupon.code] });
      const statement = await bff.api.get(period, s.admin);
      expect(statement.body.items).toEqual(
        expect.arrayContaining([
          {
            fromStoreId: 'HQ',
            toStoreId: s.storeB,
            points: 0,
            pointsValueFen: 0,
            storedValueFen: 0,
            couponValueFen: 700,
            netFen: 700,
          },
          {
            fromStoreId: s.storeA,
            toStoreId: s.storeB,
            points: 0,
            pointsValueFen: 0,
            storedValueFen: 0,
            couponValueFen: 300,
            netFen: 300,
          },
        ]),
      );
      expect(statement.body.items).toHaveLength(2);
      await refund(bff, s.clerkB, s.storeB, sale.checkoutId);
      const after = await bff.api.get(period, s.admin);
      expect(after.body.items).toEqual([
        {
          fromStoreId: 'HQ',
          toStoreId: s.storeB,
          points: 0,
          pointsValueFen: 0,
          storedValueFen: 0,
          couponValueFen: 700,
          netFen: 700,
        },
      ]);
    } finally {
      clock.set('2026-11-23T04:00:00Z');
    }
  });
});

describe('Gift coupons', () => {
  test('When a clerk redeems a gift coupon, Then it is used once, HQ owes the gift value; again is 409 USED; an amount-off code is 409 TYPE', async () => {
    clock.set('2026-11-26T04:00:00Z');
    try {
      const gift = await memberWith({ type: 'GIFT', name: '赠饮', thresholdFen: 0, valueFen: 1_200 });
      const redeem = (code: string) =>
        bff.api.post(
          `/api/stores/${s.storeB}/coupons/redeem`,
          { couponCode: code },
          { token: s.clerkB.token, idempotencyKey: newKey() },
        );
      const res = await redeem(gift.coupon.code);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: gift.coupon.id, status: 'used', usedStoreId: s.storeB, name: '赠饮' });
      expect((await redeem(gift.coupon.code)).body.error.details.rule).toBe('USED');
      const plain = await memberWith();
      expect((await redeem(plain.coupon.code)).body.error.details.rule).toBe('TYPE');
      const unknown = await redeem('9999999999999999');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('COUPON_NOT_FOUND');
      const statement = await bff.api.get('/api/admin/settlements?from=2026-11-26&to=2026-11-26', s.admin);
      expect(statement.body.items).toEqual([
        {
          fromStoreId: 'HQ',
          toStoreId: s.storeB,
          points: 0,
          pointsValueFen: 0,
          storedValueFen: 0,
          couponValueFen: 1_200,
          netFen: 1_200,
        },
      ]);
    } finally {
      clock.set('2026-11-23T04:00:00Z');
    }
  });
});

describe('The scan and merges', () => {
  test('When the clerk scans, Then the member’s coupons usable at this store are listed (not another store’s, not gifts)', async () => {
    const member = await createMember(bff);
    const here = await claimed(bff, member, (await createTemplate(bff, s.admin, { name: '本店券' })).id);
    await claimed(bff, member, (await createTemplate(bff, s.admin, { storeIds: [s.storeB] })).id);
    await claimed(
      bff,
      member,
      (await createTemplate(bff, s.admin, { type: 'GIFT', thresholdFen: 0, valueFen: 100 })).id,
    );
    clock.advance(30_000);
    const code = await memberCode(bff, member);
    const scan = await bff.api.post(`/api/stores/${s.storeA}/scan`, { code }, { token: s.clerkA.token });
    expect(scan.body.member.coupons.map((c: { id: string }) => c.id)).toEqual([here.id]);
    expect(scan.body.member.coupons[0]).toMatchObject({
      code: here.code,
      name: '本店券',
      thresholdFen: 5_000,
      valueFen: 1_000,
    });
  });

  test('When a member is merged, Then the coupons and per-member claim counts move to the survivor; undoing the merge moves exactly those back', async () => {
    const absorbed = await createMember(bff);
    const survivor = await createMember(bff);
    const template = await createTemplate(bff, s.admin, { perMemberLimit: 2 });
    const moving = await claimed(bff, absorbed, template.id);
    const staying = await claimed(bff, survivor, template.id);
    const mergeId = await mergeInto(bff, absorbed.id, survivor.id, clock.now());
    // One claim on each card: the merged person reached the limit of 2.
    const third = await claim(bff, survivor, template.id);
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('COUPON_LIMIT_REACHED');
    const merged = await bff.api.get('/api/me/coupons?status=available', survivor.token);
    expect(merged.body.items.map((c: { id: string }) => c.id).sort()).toEqual([moving.id, staying.id].sort());
    // The survivor can use the moved coupon at the till.
    const sale = await buy(s.clerkA, s.storeA, survivor, { amountFen: 6_000, couponCodes: [moving.code] });
    expect(sale.couponDiscountFen).toBe(1_000);
    await refund(bff, s.clerkA, s.storeA, sale.checkoutId);
    const undo = await bff.api.post(`/api/admin/merges/${mergeId}/undo`, {}, { token: s.admin });
    expect(undo.status).toBe(200);
    const [back] = await bff.db.dataSource.query('SELECT member_id FROM coupons WHERE id = ?', [moving.id]);
    expect(back.member_id).toBe(absorbed.id);
    const [kept] = await bff.db.dataSource.query('SELECT member_id FROM coupons WHERE id = ?', [staying.id]);
    expect(kept.member_id).toBe(survivor.id);
    const counts = await bff.db.dataSource.query(
      'SELECT member_id, claimed FROM coupon_member_counts WHERE template_id = ? ORDER BY claimed',
      [template.id],
    );
    expect(
      counts.map((row: { member_id: string; claimed: number }) => [row.member_id, Number(row.claimed)]).sort(),
    ).toEqual(
      [
        [absorbed.id, 1],
        [survivor.id, 1],
      ].sort(),
    );
  });
});

describe('Gifts to a friend', () => {
  const gift = (from: { token: string }, couponId: string, recipientCode: string, key = newKey()) =>
    bff.api.post(`/api/me/coupons/${couponId}/gift`, { recipientCode }, { token: from.token, idempotencyKey: key });
  const codeOf = (member: { id: string }) => member.id.slice(-10);
  const holderOf = async (couponId: string) =>
    (await bff.db.dataSource.query('SELECT member_id FROM coupons WHERE id = ?', [couponId]))[0].member_id;

  test('When a member gives a coupon to a friend, Then the friend holds it with a new code, the old code fails at the till, and a replay gives the same answer', async () => {
    const { member: sender, coupon } = await memberWith({ name: '好友券' });
    const friend = await createMember(bff);
    const key = newKey();
    const sent = await gift(sender, coupon.id, codeOf(friend), key);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      couponId: coupon.id,
      name: '好友券',
      recipientCodeMasked: expect.stringContaining('****'),
    });
    const replay = await gift(sender, coupon.id, codeOf(friend), key);
    expect(replay.body).toEqual(sent.body);
    expect((await bff.api.get('/api/me/coupons?status=available', sender.token)).body.items).toEqual([]);
    const [received] = (await bff.api.get('/api/me/coupons?status=available', friend.token)).body.items;
    expect(received).toMatchObject({ id: coupon.id, name: '好友券', receivedAsGift: true, giftable: false });
    expect(received.code).not.toBe(coupon.code);
    const old = await attempt(s.storeA, sender, { amountFen: 6_000, couponCodes: [coupon.code] });
    expect(old.body.error.details).toMatchObject({ rule: 'NOT_FOUND' });
    const sale = await buy(s.clerkA, s.storeA, friend, { amountFen: 6_000, couponCodes: [received.code] });
    expect(sale.couponDiscountFen).toBe(1_000);
    const record = await bff.db.dataSource.query(
      'SELECT sender_id, recipient_id, old_code FROM coupon_gifts WHERE coupon_id = ?',
      [coupon.id],
    );
    expect(record).toEqual([{ sender_id: sender.id, recipient_id: friend.id, old_code: coupon.code }]);
  });

  test('When HQ marks the template non-giftable, Then 409 COUPON_NOT_GIFTABLE (TEMPLATE_NOT_GIFTABLE) and the coupon stays', async () => {
    const { member, coupon, template } = await memberWith();
    const put = await bff.api.put(
      `/api/admin/coupon-templates/${template.id}`,
      { giftable: false },
      { token: s.admin },
    );
    expect(put.body.giftable).toBe(false);
    expect((await bff.api.get(`/api/me/coupons/${coupon.id}`, member.token)).body.giftable).toBe(false);
    const res = await gift(member, coupon.id, codeOf(await createMember(bff)));
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'COUPON_NOT_GIFTABLE', details: { rule: 'TEMPLATE_NOT_GIFTABLE' } });
    expect(await holderOf(coupon.id)).toBe(member.id);
  });

  test('When a received coupon is given on, Then 409 RECEIVED_AS_GIFT: a coupon is given once', async () => {
    const { member, coupon } = await memberWith();
    const friend = await createMember(bff);
    expect((await gift(member, coupon.id, codeOf(friend))).status).toBe(200);
    const onward = await gift(friend, coupon.id, codeOf(await createMember(bff)));
    expect(onward.body.error).toMatchObject({ code: 'COUPON_NOT_GIFTABLE', details: { rule: 'RECEIVED_AS_GIFT' } });
    expect(await holderOf(coupon.id)).toBe(friend.id);
  });

  test('When the coupon is used or expired, Then 409 USED / EXPIRED and it stays', async () => {
    const used = await memberWith();
    await buy(s.clerkA, s.storeA, used.member, { amountFen: 6_000, couponCodes: [used.coupon.code] });
    const friend = await createMember(bff);
    expect((await gift(used.member, used.coupon.id, codeOf(friend))).body.error.details.rule).toBe('USED');
    const expired = await memberWith();
    await bff.db.dataSource.query('UPDATE coupons SET valid_until = ? WHERE id = ?', [
      new Date(clock.now().getTime() - 1_000),
      expired.coupon.id,
    ]);
    expect((await gift(expired.member, expired.coupon.id, codeOf(friend))).body.error.details.rule).toBe('EXPIRED');
    expect(await holderOf(expired.coupon.id)).toBe(expired.member.id);
  });

  test('When the coupon is another member’s, the code unknown, the friend oneself, or the sender blocked, Then 404 / 404 / 400 / 409 and nothing moves', async () => {
    const { member, coupon } = await memberWith();
    const other = await createMember(bff);
    const before = await countRows(bff, ['coupon_gifts']);
    expect((await gift(other, coupon.id, codeOf(member))).body.error.code).toBe('COUPON_NOT_FOUND');
    expect((await gift(member, coupon.id, 'NOSUCHCODE')).body.error.code).toBe('GIFT_RECIPIENT_NOT_FOUND');
    expect((await gift(member, coupon.id, codeOf(member))).body.error.code).toBe('GIFT_TO_SELF');
    const blocked = await createMember(bff, { spendBlocked: true });
    const theirs = await claimed(bff, blocked, (await createTemplate(bff, s.admin)).id);
    expect((await gift(blocked, theirs.id, codeOf(other))).body.error.code).toBe('MEMBER_BLOCKED');
    expect([await holderOf(coupon.id), await holderOf(theirs.id)]).toEqual([member.id, blocked.id]);
    expect(await countRows(bff, ['coupon_gifts'])).toEqual(before);
  });

  test('When the friend already holds the per-member limit, Then 409 COUPON_LIMIT_REACHED and the coupon stays', async () => {
    const { member, coupon, template } = await memberWith({ perMemberLimit: 1 });
    const friend = await createMember(bff);
    await claimed(bff, friend, template.id);
    const res = await gift(member, coupon.id, codeOf(friend));
    expect(res.body.error.code).toBe('COUPON_LIMIT_REACHED');
    expect(await holderOf(coupon.id)).toBe(member.id);
  });

  test('When a gift and a checkout with the same coupon run at once, Then exactly one wins', async () => {
    const rounds = await Promise.all(
      [1, 2, 3].map(async () => {
        const { member, coupon } = await memberWith();
        const friend = await createMember(bff);
        const scanId = await scanMember(bff, s.clerkA, s.storeA, member);
        const [given, sale] = await Promise.all([
          gift(member, coupon.id, codeOf(friend)),
          checkout(bff, s.clerkA, s.storeA, {
            scanId,
            orderRef: `GIFT-RACE-${coupon.id}`,
            amountFen: 6_000,
            couponCodes: [coupon.code],
          }),
        ]);
        const [row] = await bff.db.dataSource.query('SELECT member_id, status FROM coupons WHERE id = ?', [coupon.id]);
        return { given: given.status, sale: sale.status, row, member, friend };
      }),
    );
    for (const round of rounds) {
      expect([round.given, round.sale].filter((status) => status === 200 || status === 201)).toHaveLength(1);
      if (round.given === 200) expect(round.row).toMatchObject({ member_id: round.friend.id, status: 'available' });
      else expect(round.row).toMatchObject({ member_id: round.member.id, status: 'used' });
    }
  });
});
