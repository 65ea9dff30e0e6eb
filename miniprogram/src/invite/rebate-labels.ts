import type { MyReferralResponse } from '@tongka/shared-types';
import { formatFen } from '../lib/money';
import { shanghaiDate } from '../lib/time';

type Rebate = MyReferralResponse['rebates'][number];

const STATUS: Record<Rebate['status'], string> = {
  pending: '待到账',
  held: '审核中',
  confirmed: '已到账',
  cancelled: '已取消（订单退款）',
  clawed_back: '已扣回（订单退款）',
  rejected: '未通过审核',
};

export const rebateStatusLabel = (rebate: Rebate) => STATUS[rebate.status];

/** "500 积分" / "¥5.00" / "佣金 ¥3.00". */
export function rebateAmountLabel(rebate: Pick<Rebate, 'asset' | 'amount'>): string {
  if (rebate.asset === 'POINTS') return `${rebate.amount} 积分`;
  if (rebate.asset === 'COMMISSION') return `佣金 ${formatFen(rebate.amount)}`;
  return formatFen(rebate.amount);
}

/** When it arrives (pending: the day it confirms) or arrived. */
export function rebateDateLabel(rebate: Rebate): string {
  if (rebate.confirmedAt) return `${shanghaiDate(rebate.confirmedAt)} 到账`;
  if (rebate.status === 'pending' || rebate.status === 'held') return `预计 ${shanghaiDate(rebate.confirmAt)} 到账`;
  return `${shanghaiDate(rebate.createdAt)} 产生`;
}

/** "500 积分 + ¥2.00", or "0" when nothing. */
export function totalLabel(total: { points: number; fen: number }): string {
  const parts = [];
  if (total.points > 0) parts.push(`${total.points} 积分`);
  if (total.fen > 0) parts.push(formatFen(total.fen));
  return parts.length > 0 ? parts.join(' + ') : '0';
}
