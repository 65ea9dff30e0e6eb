import type { MemberApproval } from '../../services/types';
import { approvalStatusLabel } from './member-approval-panel';

const NOW = Date.parse('2026-11-23T04:00:00.000Z');
function approval(status: MemberApproval['status'], expiresAt: string): MemberApproval {
  return {
    approvalId: 'ap1',
    kind: 'checkout',
    status,
    storeId: 's1',
    storeName: '静安店',
    scanId: 'sc1',
    amountFen: 12_800,
    points: 6_000,
    storedValueFen: 0,
    decidedWith: null,
    createdAt: '2026-11-23T03:58:30.000Z',
    expiresAt,
  } as MemberApproval;
}

describe('The till’s approval state, in Chinese', () => {
  test('When the request waits 1 min 30 s before its end, Then 等待会员确认（1:30）; at its end, Then 超时', () => {
    expect(approvalStatusLabel(approval('pending', '2026-11-23T04:01:30.000Z'), NOW)).toBe('等待会员确认（1:30）');
    expect(approvalStatusLabel(approval('pending', '2026-11-23T04:00:00.000Z'), NOW)).toBe('超时');
  });

  test('When the member declined, the request expired or paid another order, Then 已拒绝 / 超时 / 已使用', () => {
    const later = '2026-11-23T04:01:00.000Z';
    expect(approvalStatusLabel(approval('rejected', later), NOW)).toBe('已拒绝');
    expect(approvalStatusLabel(approval('expired', later), NOW)).toBe('超时');
    expect(approvalStatusLabel(approval('used', later), NOW)).toBe('已使用');
  });

  test('When an approval is not used before its end, Then 已同意 turns to 超时', () => {
    expect(approvalStatusLabel(approval('approved', '2026-11-23T04:00:01.000Z'), NOW)).toBe('已同意');
    expect(approvalStatusLabel(approval('approved', '2026-11-23T03:59:59.000Z'), NOW)).toBe('超时');
  });
});
