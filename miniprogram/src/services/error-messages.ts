import type { ErrorCode } from '@tongka/shared-types';

/**
 * What the member or the cashier reads when the BFF refuses something. The BFF's own message is
 * English and meant for developers; this table turns its stable `code` into a Chinese sentence.
 * Typed against shared-types' list of codes, so a new code does not compile until it has one.
 */
export const NETWORK_ERROR_CODE = 'NETWORK_UNAVAILABLE';

const API_ERROR_MESSAGES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '填写的内容有误，请检查后重试。',
  MALFORMED_JSON: '请求格式有误，请重试。',
  IDEMPOTENCY_KEY_REQUIRED: '请求缺少防重复标识，请重试。',
  UNAUTHENTICATED: '登录已失效，请重新登录。',
  FORBIDDEN: '没有权限进行此操作。',
  NOT_FOUND: '未找到相关记录。',
  METHOD_NOT_ALLOWED: '不支持此操作。',
  IDEMPOTENCY_KEY_REUSED: '这笔操作的内容已变化，请重新确认后再提交。',
  IDEMPOTENCY_REQUEST_IN_PROGRESS: '上一次提交仍在处理中，请稍候再试。',
  PAYLOAD_TOO_LARGE: '提交的内容过大。',
  UNSUPPORTED_MEDIA_TYPE: '请求格式有误，请重试。',
  RATE_LIMITED: '操作太频繁，请稍后再试。',
  INTERNAL: '服务暂时出错，请稍后重试。',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后重试。',
  INSUFFICIENT_POINTS: '会员积分不足。',
  INSUFFICIENT_BALANCE: '会员储值余额不足。',
  TRANSFER_CONFLICT: '账户正忙，请稍后重试。',
  TRANSFER_NOT_PENDING: '该笔款项已处理，无需重复操作。',
  TRANSFER_NOT_FOUND: '未找到这笔记录。',
  TRANSFER_NOT_REVERSIBLE: '这笔记录不能撤销。',
  JOB_NOT_FOUND: '没有这个后台任务。',
  JOB_ALREADY_RUNNING: '该后台任务正在运行，请稍后再试。',
  INVALID_WECHAT_CODE: '微信登录凭证已失效，请重新进入小程序。',
  WECHAT_RATE_LIMITED: '微信登录太频繁，请稍后再试。',
  WECHAT_UNAVAILABLE: '微信服务暂时不可用，请稍后重试。',
  WECHAT_USER_BLOCKED: '该微信账号暂时无法使用会员服务。',
  INVALID_PHONE: '手机号授权已失效，请重新授权。',
  PHONE_DECRYPT_FAILED: '手机号授权已失效，请重新授权。',
  MEMBER_NOT_FOUND: '未找到该会员。',
  MEMBER_BLOCKED: '该会员账户已被冻结，请联系门店。',
  MEMBER_MERGED: '该会员账户已合并到另一个账户，请重新登录。',
  MERGE_NOT_UNDOABLE: '该合并无法撤销。',
  INVALID_CREDENTIALS: '账号或密码错误。',
  TOO_MANY_ATTEMPTS: '尝试次数过多，请稍后再试。',
  SELF_SALE_APPROVAL_REQUIRED: '这是您本人会员卡的消费，金额超过总部限额，需要店长的批准码。',
  INVITE_INVALID: '店员邀请码无效或已过期。',
  NOT_STAFF_OF_STORE: '你不是该门店的店员，无法操作。',
  MANAGER_REQUIRED: '此操作需要店长权限。',
  STORE_NOT_FOUND: '未找到该门店。',
  STORE_CODE_EXISTS: '门店编号已存在。',
  INVALID_CODE: '会员码无效，请让顾客刷新会员码后重新扫描。',
  UNKNOWN_TEMPLATE: '这个消息模板不属于本小程序。',
  CODE_EXPIRED: '会员码已过期，请让顾客刷新后重新扫描。',
  CODE_ALREADY_USED: '该会员码已被扫描过，请让顾客刷新会员码。',
  SCAN_NOT_FOUND: '扫码记录不存在，请重新扫描会员码。',
  SCAN_EXPIRED: '本次扫码已超过 10 分钟，请重新扫描会员码。',
  ORDER_REF_EXISTS: '该订单号已收款，请勿重复收款；可在“今日订单”中查看。',
  CHECKOUT_NOT_FOUND: '未找到该订单。',
  COUPON_NOT_USABLE: '优惠券不可用（未达门槛、已使用或不适用于本店）。',
  REDEEM_LIMIT_EXCEEDED: '积分抵扣超过本单上限。',
  REFUND_EXCEEDS_PAID: '退款金额超过可退金额。',
  ALREADY_REFUNDED: '该订单已全额退款。',
  ALREADY_CHECKED_IN: '今天已经签到过了。',
  GIFT_RECIPIENT_NOT_FOUND: '没有找到这个会员码对应的会员。',
  GIFT_TO_SELF: '不能把积分转赠给自己。',
  GIFT_LIMIT_EXCEEDED: '超过了转赠限额。',
  GIFTS_DISABLED: '积分转赠暂未开放。',
  BIRTHDAY_ALREADY_SET: '生日设置后不能修改。',
  COUPON_TEMPLATE_NOT_FOUND: '没有找到这张优惠券。',
  COUPON_NOT_CLAIMABLE: '这张优惠券现在不能领取。',
  COUPON_OUT_OF_STOCK: '优惠券已被领完。',
  COUPON_LIMIT_REACHED: '你已达到这张优惠券的领取上限。',
  COUPON_NOT_FOUND: '没有找到这个券码，请核对后重试。',
  COUPON_ISSUE_NOT_FOUND: '没有找到这次发券任务。',
  STOCK_BELOW_ISSUED: '库存不能少于已发出的数量。',
  REWARD_NOT_FOUND: '没有找到这件礼品。',
  REWARD_NOT_AVAILABLE: '这件礼品现在不能兑换。',
  REWARD_OUT_OF_STOCK: '礼品库存不足。',
  REWARD_LIMIT_REACHED: '你已达到这件礼品的兑换上限。',
  CASH_PART_PENDING: '本系统未开通微信支付，加钱购的礼品暂不能支付；积分已为你保留，稍后将自动退回。',
  PICKUP_NOT_FOUND: '没有找到这个提货码，请核对后重试。',
  PICKUP_ALREADY_FULFILLED: '该礼品已经领取过了。',
  PICKUP_NOT_AT_THIS_STORE: '该礼品不能在本店领取。',
  INVALID_PERIOD: '查询区间无效：开始日期不能晚于结束日期，且不能超过 366 天。',
  BACKFILL_PERIOD_OPEN: '只能重建今天之前的报表数据。',
  ADMIN_NOT_FOUND: '未找到该管理员账号。',
  ADMIN_USERNAME_EXISTS: '该用户名已被使用。',
  ADMIN_DISABLED: '该管理员账号已停用。',
  LAST_ADMIN: '不能停用或降级最后一位总部管理员。',
  APPROVAL_NOT_FOUND: '未找到该审批申请。',
  APPROVAL_NOT_PENDING: '该申请已处理，无需重复审批。',
  SELF_APPROVAL: '不能审批自己提交的申请，请由另一位管理员审批。',
  LOT_NOT_FOUND: '未找到该积分批次。',
  LOT_NOT_REINSTATABLE: '该批积分未过期或已超过可恢复期限。',
  ALERT_NOT_FOUND: '未找到该风险提醒。',
  ALERT_ALREADY_ACKNOWLEDGED: '该风险提醒已被确认。',
  CLERK_DAILY_CAP_EXCEEDED: '今日经手的非收银积分已达上限，请联系店长或总部。',
  REFERRAL_CODE_UNKNOWN: '邀请码不存在，请核对后重试。',
  REFERRAL_REVIEW_NOT_FOUND: '找不到该推荐审核记录。',
  REFERRAL_REVIEW_DECIDED: '该推荐审核已处理。',
  PAY_NOT_CONFIGURED: '暂未开通微信支付充值。',
  TOPUP_AMOUNT_OUT_OF_RANGE: '充值金额不在允许范围内。',
  NO_WECHAT_IDENTITY: '请先在微信中登录后再充值。',
  WECHAT_PAY_REJECTED: '微信支付暂时无法下单，请稍后重试。',
  TOPUP_NOT_FOUND: '未找到这笔充值。',
  TOPUP_NOT_PAID: '这笔充值尚未支付。',
  NOTHING_TO_REFUND: '这笔充值已没有可退的金额。',
  REFUND_IN_PROGRESS: '这笔充值的退款正在处理中。',
  POS_KEY_UNKNOWN: '收银系统密钥不存在。',
  POS_KEY_REVOKED: '收银系统密钥已被吊销。',
  POS_SIGNATURE_INVALID: '收银系统请求签名不正确。',
  POS_TIMESTAMP_SKEWED: '收银系统时间与服务器相差超过 5 分钟。',
  POS_NONCE_REPLAYED: '这个请求已经提交过，请勿重复发送。',
  POS_KEY_NOT_FOUND: '找不到这个收银系统密钥。',
  WEBHOOK_NOT_FOUND: '找不到这个回调地址。',
  WEBHOOK_DELIVERY_NOT_FOUND: '找不到这条回调推送记录。',
};

export const ERROR_MESSAGES: Record<string, string> = {
  ...API_ERROR_MESSAGES,
  [NETWORK_ERROR_CODE]: '网络不可用，请检查网络后重试。',
};

/** A Chinese sentence for an error code, falling back on the HTTP status class. */
export function messageForError(code: string, status: number): string {
  const known = ERROR_MESSAGES[code];
  if (known) return known;
  if (status === 401) return ERROR_MESSAGES.UNAUTHENTICATED;
  if (status === 403) return ERROR_MESSAGES.FORBIDDEN;
  if (status === 404) return ERROR_MESSAGES.NOT_FOUND;
  if (status === 429) return ERROR_MESSAGES.RATE_LIMITED;
  if (status >= 500) return ERROR_MESSAGES.INTERNAL;
  return '操作未成功，请稍后重试。';
}
