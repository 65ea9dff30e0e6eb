/** The audit log's action codes in Chinese (an unknown code shows as it is). */
export const AUDIT_ACTION_NAMES: Record<string, string> = {
  'member.adjust': '会员积分/储值调整',
  'member.status': '会员状态变更',
  'member.merge': '会员合并',
  'member.merge.undo': '撤销会员合并',
  'member.delete': '会员注销',
  'members.import': '历史会员导入',
  'points.reinstate': '积分恢复',
  'approval.request': '提交调整审批',
  'approval.approve': '审批通过',
  'approval.reject': '审批驳回',
  'store.create': '新建门店',
  'staff.invite': '邀请店员',
  'staff.bind': '店员绑定',
  'staff.revoke': '移除店员',
  'admin.create': '新建后台账号',
  'admin.update': '修改后台账号',
  'admin.reset-password': '重置后台密码',
  'coupon-template.create': '新建优惠券',
  'coupon-template.update': '修改优惠券',
  'coupon-template.issue': '批量发券',
  'reward.create': '新建商城商品',
  'reward.update': '修改商城商品',
  'risk-alert.acknowledge': '处理风险提醒',
  'referral.review.approve': '推荐审核通过',
  'referral.review.reject': '推荐审核驳回',
  'topup.refund': '储值退款',
  'webhook.create': '添加推送地址',
  'webhook.delete': '删除推送地址',
  'webhook.replay': '重新推送',
  'rule.earn.put': '修改积分获取规则',
  'rule.redeem.put': '修改积分抵扣规则',
  'rule.tier.put': '修改会员等级规则',
  'rule.settlement.put': '修改门店结算规则',
  'rule.referral.put': '修改推荐有礼规则',
  'rule.approval.put': '修改调整审批规则',
  'rule.risk.put': '修改风险规则',
  'rule.staff-sale.put': '修改员工内购规则',
  'rule.member-approval.put': '修改大额抵扣确认规则',
  'rule.checkin.put': '修改签到规则',
  'rule.member-gift.put': '修改会员礼规则',
  'rule.points-gift.put': '修改积分转赠规则',
  'rule.topup.put': '修改储值规则',
};

/** "中文（code）" for a known action; other rule saves read "修改规则（code）". */
export function auditActionName(action: string): string {
  const name = AUDIT_ACTION_NAMES[action] ?? (/^rule\..+\.put$/.test(action) ? '修改规则' : null);
  return name ? `${name}（${action}）` : action;
}

const TARGET_NAMES: Record<string, string> = {
  admin: '后台账号',
  approval: '审批',
  checkout: '订单',
  'coupon-template': '优惠券',
  member: '会员',
  reward: '商城商品',
  'risk-alert': '风险提醒',
  rule: '规则',
  store: '门店',
  topup: '储值',
  webhook: '推送地址',
};

/** The audited object: its kind in Chinese and its id. */
export function auditTargetName(targetType: string, targetId: string | null): string {
  return `${TARGET_NAMES[targetType] ?? targetType} ${targetId ?? ''}`.trim();
}
