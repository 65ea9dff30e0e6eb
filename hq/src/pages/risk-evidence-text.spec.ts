import { plainText } from '../text-parts';
import { evidenceParts } from './risk-evidence-text';

const STORE = '01JDSTRE00000000000000AB12';
const M1 = '01JDMEMBER0000000000000001';
const M2 = '01JDMEMBER0000000000000002';
const M3 = '01JDMEMBER0000000000000003';
const WEEK = { from: '2026-11-21', to: '2026-11-27' };

describe("风险预警: each rule's evidence, in Chinese", () => {
  test('When a clerk refunds far above the store median, Then the week, the count, the amount in ¥ and the median read', () => {
    const parts = evidenceParts('clerk-refunds', {
      refunds: 12,
      refundedFen: 345600,
      storeMedianRefunds: 2,
      clerksAtStore: 5,
      ...WEEK,
      storeId: STORE,
    });
    expect(plainText(parts)).toBe('近 7 天退款 12 次，共 ¥3,456.00（门店中位数 2 次，共 5 名店员）；门店 …00AB12');
    expect(parts).toContainEqual({ id: STORE });
  });

  test('When a clerk redeems far above the store median, Then the count, the points and a fractional median read', () => {
    const parts = evidenceParts('clerk-redemptions', {
      redemptions: 30,
      pointsRedeemed: 4500,
      storeMedianRedemptions: 2.5,
      clerksAtStore: 4,
      from: '2026-11-25',
      to: '2026-11-27',
      storeId: null,
    });
    expect(plainText(parts)).toBe('近 3 天积分抵扣 30 次，共 4,500 积分（门店中位数 2.5 次，共 4 名店员）');
  });

  test("When a clerk's points go mostly to a few members, Then the share and each member with their points read", () => {
    const parts = evidenceParts('clerk-few-members', {
      pointsEarned: 10000,
      topMembers: [
        { memberId: M1, points: 6000 },
        { memberId: M2, points: 2000 },
        { memberId: M3, points: 1250 },
      ],
      share: 0.925,
      members: 4,
      ...WEEK,
      storeId: STORE,
    });
    expect(plainText(parts)).toBe(
      '近 7 天经手发放 10,000 积分（共 4 位会员），92.5% 集中于 3 位会员：…000001 6,000 积分、…000002 2,000 积分、…000003 1,250 积分；门店 …00AB12',
    );
    expect(parts).toContainEqual({ id: M2 });
  });

  test('When a member earns far above their usual day, Then the day, the points and the usual daily average read', () => {
    expect(
      plainText(
        evidenceParts('member-earn-spike', {
          pointsToday: 5000,
          usualDailyPoints: 12.33,
          date: '2026-11-27',
          storeId: null,
        }),
      ),
    ).toBe('2026-11-27 获得 5,000 积分，平时日均 12.33 积分');
  });

  test('When a refund would pass the clerk daily cap, Then the points moved, the cap and the refused refund read', () => {
    const parts = evidenceParts('clerk-daily-cap', {
      date: '2026-11-27',
      cap: 10000,
      pointsMovedToday: 9500,
      refused: { checkoutId: M3, points: 800 },
      storeId: STORE,
    });
    expect(plainText(parts)).toBe(
      '2026-11-27 已调动 9,500 积分，单日上限 10,000 积分；拦下一笔需调动 800 积分的退款（结账单 …000003）；门店 …00AB12',
    );
  });

  test('When new members share a device or a payer, Then their count and ids read, the first five listed', () => {
    const members = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        memberId: `01JDMEMBER000000000000000${i + 1}`,
        signedUpAt: '2026-11-27T02:00:00.000Z',
      }));
    expect(
      plainText(
        evidenceParts('signup-shared-device', {
          deviceId: 'dev-1',
          signUps: 3,
          members: members(3),
          ...WEEK,
          storeId: null,
        }),
      ),
    ).toBe('近 7 天 3 位新会员使用同一台设备注册：…000001、…000002、…000003');
    expect(
      plainText(
        evidenceParts('signup-shared-payer', {
          payerOpenid: 'o-pay',
          signUps: 7,
          members: members(7),
          ...WEEK,
          storeId: null,
        }),
      ),
    ).toBe('近 7 天 7 位新会员使用同一付款人注册：…000001、…000002、…000003、…000004、…000005 等 7 位');
  });

  test('When the rule is unknown or the evidence has another shape, Then a key: value list shows, never a crash', () => {
    expect(plainText(evidenceParts('member-earn-spike', { points: 5000, storeId: null }))).toBe('points: 5000');
    expect(plainText(evidenceParts('clerk-refunds', { refunds: '12', refundedFen: 100, storeMedianRefunds: 1 }))).toBe(
      'refunds: 12，refundedFen: 100，storeMedianRefunds: 1',
    );
    expect(
      plainText(evidenceParts('clerk-few-members', { pointsEarned: 10, share: 1, topMembers: [{ points: 1 }] })),
    ).toBe('pointsEarned: 10，share: 1，topMembers: [{"points":1}]');
    expect(plainText(evidenceParts('new-rule', { hits: 3, storeId: STORE }))).toBe('hits: 3，storeId: …00AB12');
    expect(plainText(evidenceParts('clerk-refunds', null))).toBe('—');
    expect(plainText(evidenceParts('clerk-refunds', [1, 2]))).toBe('[1,2]');
  });
});
