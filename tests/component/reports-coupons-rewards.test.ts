import { sqlParams } from '../../bff/src/db/tx';
import { createTemplate } from '../support/coupon-fixtures';
import { MovableClock, twoStores } from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

/**
 * HQ's coupon and rewards reports over hand-made coupons and exchanges at the edges of chain-time
 * days: every figure is counted by hand.
 */
// The last day of the period, mid-day: coupons whose validity ended before it count as expired.
const clock = new MovableClock(new Date('2026-11-25T04:00:00Z'));
let bff: TestBff;
let storeA: string;
let storeB: string;
let admin: string;
const FROM = '2026-11-23';
const TO = '2026-11-25';

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await bff.db.dataSource.query(text, sqlParams(params))) as T[];

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  ({ storeA, storeB, admin } = await twoStores(bff));
});
afterAll(() => bff?.close());

describe('Coupon and rewards reports', () => {
  let hqTemplate: string;
  let storeTemplate: string;
  let reward: string;
  let seq = 0;
  const coupon = async (
    templateId: string,
    c: {
      source: 'issue' | 'claim';
      createdAt: string;
      status: string;
      validUntil: string;
      used?: [string, string, number];
    },
  ) => {
    seq += 1;
    await sql(
      `INSERT INTO coupons (id, code, template_id, member_id, status, source, issue_id, valid_from, valid_until, created_at,
         used_at, used_store_id, used_checkout_id, discount_fen) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, NULL, ?)`,
      [
        `RPTCOUPON${String(seq).padStart(17, '0')}`,
        `99${String(seq).padStart(14, '0')}`,
        templateId,
        'RPTMEMBER0000000000000000',
        c.status,
        c.source,
        new Date(c.createdAt),
        new Date(c.validUntil),
        new Date(c.createdAt),
        c.used ? new Date(c.used[0]) : null,
        c.used?.[1] ?? null,
        c.used?.[2] ?? null,
      ],
    );
  };
  const exchange = async (
    e: { createdAt: string; quantity: number; points: number; cashFen: number; status: string },
    fulfilled?: [string, string],
  ) => {
    seq += 1;
    await sql(
      `INSERT INTO reward_exchanges (id, reward_id, member_id, quantity, points_spent, cash_fen, status, pickup_code, transfer_id,
         portions, created_at, expires_at, fulfilled_store_id, fulfilled_by, fulfilled_at)
       VALUES (?, ?, 'RPTMEMBER0000000000000000', ?, ?, ?, ?, NULL, 'RPTTRANSFER00000000000000', '[]', ?, NULL, ?, NULL, ?)`,
      [
        `RPTEXCHANGE${String(seq).padStart(15, '0')}`,
        reward,
        e.quantity,
        e.points,
        e.cashFen,
        e.status,
        new Date(e.createdAt),
        fulfilled?.[1] ?? null,
        fulfilled ? new Date(fulfilled[0]) : null,
      ],
    );
  };

  // The period 11-23..11-25 in Shanghai is [2026-11-22T16:00Z, 2026-11-25T16:00Z); "now" is 2026-11-25T04:00Z.
  beforeAll(async () => {
    hqTemplate = (await createTemplate(bff, admin, { name: '总部满50减10' })).id;
    storeTemplate = (await createTemplate(bff, admin, { name: 'A店满30减3', fundedBy: storeA })).id;
    const used = (at: string, store: string, fen: number): [string, string, number] => [at, store, fen];
    // HQ template: issued 3 and claimed 1 in the period; 2 redeemed (¥10 + ¥5); 2 expired; edges outside.
    await coupon(hqTemplate, {
      source: 'issue',
      createdAt: '2026-11-22T15:59:59Z',
      status: 'used',
      validUntil: '2026-12-30T00:00:00Z',
      used: used('2026-11-23T02:00:00Z', storeA, 1_000),
    });
    await coupon(hqTemplate, {
      source: 'issue',
      createdAt: '2026-11-22T16:00:00Z',
      status: 'available',
      validUntil: '2026-11-24T15:59:59Z',
    });
    await coupon(hqTemplate, {
      source: 'claim',
      createdAt: '2026-11-24T10:00:00Z',
      status: 'used',
      validUntil: '2026-12-30T00:00:00Z',
      used: used('2026-11-25T15:59:00Z', storeB, 500),
    });
    await coupon(hqTemplate, {
      source: 'claim',
      createdAt: '2026-11-25T16:00:00Z',
      status: 'used',
      validUntil: '2026-12-30T00:00:00Z',
      used: used('2026-11-25T16:30:00Z', storeB, 700),
    });
    await coupon(hqTemplate, {
      source: 'issue',
      createdAt: '2026-11-23T05:00:00Z',
      status: 'expired',
      validUntil: '2026-11-25T03:00:00Z',
    });
    await coupon(hqTemplate, {
      source: 'issue',
      createdAt: '2026-11-23T06:00:00Z',
      status: 'available',
      validUntil: '2026-11-25T10:00:00Z',
    });
    // Store A's template: 2 claimed, 1 redeemed (¥3); the other was used, refunded after its window and expired.
    await coupon(storeTemplate, {
      source: 'claim',
      createdAt: '2026-11-23T08:00:00Z',
      status: 'used',
      validUntil: '2026-12-30T00:00:00Z',
      used: used('2026-11-23T09:00:00Z', storeA, 300),
    });
    await coupon(storeTemplate, {
      source: 'claim',
      createdAt: '2026-11-23T08:00:00Z',
      status: 'expired',
      validUntil: '2026-11-22T00:00:00Z',
      used: used('2026-11-24T01:00:00Z', storeA, 300),
    });

    reward = 'RPTREWARD0000000000000001';
    await sql(
      `INSERT INTO rewards (id, name, description, points_price, cash_price_fen, stock, per_member_limit, active_from, active_until,
         store_ids, status, created_by, created_at) VALUES (?, '保温杯', NULL, 500, 990, 100, NULL, NULL, NULL, NULL, 'active', 'test', ?)`,
      [reward, new Date('2026-11-01T00:00:00Z')],
    );
    await exchange({ createdAt: '2026-11-23T03:00:00Z', quantity: 2, points: 1_000, cashFen: 0, status: 'fulfilled' }, [
      '2026-11-24T05:00:00Z',
      storeA,
    ]);
    await exchange({ createdAt: '2026-11-24T03:00:00Z', quantity: 1, points: 500, cashFen: 990, status: 'ready' });
    await exchange({ createdAt: '2026-11-24T04:00:00Z', quantity: 1, points: 500, cashFen: 990, status: 'cancelled' });
    await exchange({ createdAt: '2026-11-22T03:00:00Z', quantity: 3, points: 1_500, cashFen: 0, status: 'fulfilled' }, [
      '2026-11-23T01:00:00Z',
      storeB,
    ]);
    await exchange({
      createdAt: '2026-11-25T05:00:00Z',
      quantity: 1,
      points: 500,
      cashFen: 990,
      status: 'pending_payment',
    });
    await exchange({ createdAt: '2026-11-25T10:00:00Z', quantity: 1, points: 500, cashFen: 0, status: 'fulfilled' }, [
      '2026-11-25T17:00:00Z',
      storeA,
    ]);
  });

  test('When HQ reads the coupon report, Then each template has its hand-counted figures, and each funder its redemptions', async () => {
    const res = await bff.api.get(`/api/admin/reports/coupons?from=${FROM}&to=${TO}`, admin);
    expect(res.status).toBe(200);
    const byId = new Map(res.body.items.map((item: { templateId: string }) => [item.templateId, item]));
    expect(byId.get(hqTemplate)).toEqual({
      templateId: hqTemplate,
      name: '总部满50减10',
      type: 'AMOUNT_OFF',
      fundedBy: 'HQ',
      issued: 3,
      claimed: 1,
      redeemed: 2,
      expired: 2,
      redemptionRate: 0.5,
      discountFen: 1_500,
    });
    expect(byId.get(storeTemplate)).toMatchObject({
      fundedBy: storeA,
      issued: 0,
      claimed: 2,
      redeemed: 1,
      expired: 0,
      redemptionRate: 0.5,
      discountFen: 300,
    });
    expect(res.body.items).toHaveLength(2);
    const funders = [...res.body.funders].sort((a: { fundedBy: string }, b: { fundedBy: string }) =>
      a.fundedBy < b.fundedBy ? -1 : 1,
    );
    expect(funders).toEqual(
      [
        { fundedBy: 'HQ', redeemed: 2, discountFen: 1_500 },
        { fundedBy: storeA, redeemed: 1, discountFen: 300 },
      ].sort((a, b) => (a.fundedBy < b.fundedBy ? -1 : 1)),
    );
    const csv = await bff.api.get(`/api/admin/reports/coupons?from=${FROM}&to=${TO}&format=csv`, admin);
    const [header, ...lines] = (csv.body as string).trim().split('\n');
    expect(header).toBe('templateId,name,type,fundedBy,issued,claimed,redeemed,expired,redemptionRate,discountFen');
    expect(lines).toContain(`${hqTemplate},总部满50减10,AMOUNT_OFF,HQ,3,1,2,2,0.5,1500`);
    expect(lines).toHaveLength(2);
  });

  test('When HQ reads the rewards report, Then exchanges, points, cash, pickups per store and pending are the hand-counted ones', async () => {
    const res = await bff.api.get(`/api/admin/reports/rewards?from=${FROM}&to=${TO}`, admin);
    expect(res.status).toBe(200);
    const [item] = res.body.items;
    expect(res.body.items).toHaveLength(1);
    expect({ ...item, fulfilled: undefined }).toEqual({
      rewardId: reward,
      name: '保温杯',
      exchanges: 4,
      quantity: 5,
      pointsSpent: 2_500,
      cashFen: 1_980,
      fulfilled: undefined,
      fulfilledQuantity: 5,
      pendingQuantity: 2,
    });
    expect(new Map(item.fulfilled.map((f: { storeId: string; quantity: number }) => [f.storeId, f.quantity]))).toEqual(
      new Map([
        [storeA, 2],
        [storeB, 3],
      ]),
    );
    const csv = await bff.api.get(`/api/admin/reports/rewards?from=${FROM}&to=${TO}&format=csv`, admin);
    const [header, line] = (csv.body as string).trim().split('\n');
    expect(header).toBe(
      'rewardId,name,exchanges,quantity,pointsSpent,cashFen,fulfilledQuantity,fulfilledByStore,pendingQuantity',
    );
    const cells = line.split(',');
    expect(cells.slice(0, 7)).toEqual([reward, '保温杯', '4', '5', '2500', '1980', '5']);
    expect(cells[7].split(';').sort()).toEqual([`${storeA}:2`, `${storeB}:3`].sort());
    expect(cells[8]).toBe('2');
  });
});
