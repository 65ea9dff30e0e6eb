import type { LedgerKind } from '../services/types';

/** Chinese names of ledger movement kinds (shared-types' TransferKindSchema, every one of them). */
const KIND_LABELS: Record<LedgerKind, string> = {
  EARN: '消费得积分',
  REDEEM: '积分抵扣',
  EXPIRE: '积分过期',
  MERGE: '账户合并',
  REBATE: '邀请奖励',
  TOPUP: '储值充值',
  SPEND: '储值支付',
  REFUND: '退款退回',
  REVERSAL: '撤销',
  ADJUST: '人工调整',
  IMPORT: '旧会员迁入',
  SETTLE: '门店结算',
  DEBT: '积分欠款',
  DEBT_REPAY: '偿还积分欠款',
  CHECKIN: '签到奖励',
  EXCHANGE: '积分兑换',
  CLAWBACK: '退款扣回',
  TOPUP_BONUS: '充值赠送',
  TOPUP_REFUND: '充值退款',
  GIFT: '积分转赠',
  BONUS: '会员礼遇',
};

/** The kind's Chinese name; a kind newer than this build falls back on the note, then the code. */
export function ledgerKindLabel(kind: string, note: string | null): string {
  return (KIND_LABELS as Record<string, string>)[kind] ?? note ?? kind;
}
