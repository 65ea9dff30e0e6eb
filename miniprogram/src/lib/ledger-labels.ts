/** Chinese names of ledger movement kinds; unknown kinds fall back on the entry's note. */
const KIND_LABELS: Record<string, string> = {
  EARN: '消费得积分',
  REDEEM: '积分抵扣',
  REFUND: '退款退回',
  REFUND_RETURN: '退款退回',
  CLAWBACK: '退款扣回',
  REFUND_CLAWBACK: '退款扣回',
  EXPIRE: '积分过期',
  TOPUP: '储值充值',
  PAY: '储值支付',
  SPEND: '储值支付',
  MERGE: '账户合并',
  MERGE_IN: '账户合并转入',
  ADJUST: '人工调整',
  REFERRAL_REBATE: '邀请奖励',
  CHECK_IN: '签到奖励',
  EXCHANGE: '积分兑换',
  DEBT_REPAY: '偿还积分欠款',
};

export function ledgerKindLabel(kind: string, note: string | null): string {
  return KIND_LABELS[kind] ?? note ?? kind;
}
