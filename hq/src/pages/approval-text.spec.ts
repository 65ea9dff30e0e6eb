import { plainText } from '../text-parts';
import { approvalParts } from './approval-text';

const MEMBER_STORE = '01JDSTRE00000000000000AB12';
const LOT = '01JDQ0000000000000006XY789';

describe('调整审批: what a request asks for, in Chinese', () => {
  test('When a points adjustment waits, Then it reads as the signed points and the reason', () => {
    const parts = approvalParts('member.adjust', { asset: 'POINTS', amount: 1500, reason: '大额补偿' });
    expect(plainText(parts)).toBe('会员积分调整 +1,500 积分，原因：大额补偿');
    expect(plainText(approvalParts('member.adjust', { asset: 'POINTS', amount: -300, reason: '误加' }))).toBe(
      '会员积分调整 -300 积分，原因：误加',
    );
  });

  test('When a stored-value adjustment names a store, Then it reads as ¥ with two decimals and the store id short, full id kept', () => {
    const parts = approvalParts('member.adjust', {
      asset: 'CNY',
      amount: 123456,
      reason: '补录充值',
      storeId: MEMBER_STORE,
    });
    expect(plainText(parts)).toBe('会员储值调整 +¥1,234.56，记入门店 …00AB12，原因：补录充值');
    expect(parts).toContainEqual({ id: MEMBER_STORE });
    expect(plainText(approvalParts('member.adjust', { asset: 'CNY', amount: -5, reason: '退回' }))).toBe(
      '会员储值调整 -¥0.05，原因：退回',
    );
  });

  test('When expired points wait to be reinstated, Then the points, the lot, the issuing store and the reason read in Chinese', () => {
    const parts = approvalParts('points.reinstate', {
      lotId: LOT,
      points: 300,
      reason: '会员申诉',
      issuingStoreId: MEMBER_STORE,
    });
    expect(plainText(parts)).toBe('恢复过期积分 +300 积分（积分批次 …6XY789），发放门店 …00AB12，原因：会员申诉');
    expect(parts).toContainEqual({ id: LOT });
    expect(
      plainText(
        approvalParts('points.reinstate', { lotId: 'lot-1', points: 20, reason: '补发', issuingStoreId: null }),
      ),
    ).toBe('恢复过期积分 +20 积分（积分批次 lot-1），原因：补发');
  });

  test('When the kind is unknown or a field has the wrong type, Then a key: value list shows, never a crash', () => {
    expect(plainText(approvalParts('member.freeze', { days: 3, note: '核查', by: null }))).toBe('days: 3，note: 核查');
    expect(plainText(approvalParts('member.adjust', { asset: 'POINTS', amount: '500', reason: 'x' }))).toBe(
      'asset: POINTS，amount: 500，reason: x',
    );
    expect(plainText(approvalParts('points.reinstate', { lotId: LOT, extra: { a: [1] } }))).toBe(
      'lotId: …6XY789，extra: {"a":[1]}',
    );
    expect(plainText(approvalParts('member.adjust', null))).toBe('—');
    expect(plainText(approvalParts('member.adjust', 'text'))).toBe('text');
    expect(plainText(approvalParts('member.adjust', {}))).toBe('—');
  });
});
