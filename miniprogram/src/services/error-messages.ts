/**
 * What the member or the cashier reads when the BFF refuses something. The BFF's own message is
 * English and meant for developers; this table turns its stable `code` into a Chinese sentence.
 */
export const NETWORK_ERROR_CODE = "NETWORK_UNAVAILABLE";

export const ERROR_MESSAGES: Record<string, string> = {
	[NETWORK_ERROR_CODE]: "网络不可用，请检查网络后重试。",
	VALIDATION_FAILED: "填写的内容有误，请检查后重试。",
	IDEMPOTENCY_KEY_REUSED: "这笔操作的内容已变化，请重新确认后再提交。",
	IDEMPOTENCY_KEY_REQUIRED: "请求缺少防重复标识，请重试。",
	UNAUTHENTICATED: "登录已失效，请重新登录。",
	TOKEN_EXPIRED: "登录已过期，请重新登录。",
	FORBIDDEN: "没有权限进行此操作。",
	NOT_FOUND: "未找到相关记录。",
	NOT_STAFF_OF_STORE: "你不是该门店的店员，无法操作。",
	INVALID_CODE: "会员码无效，请让顾客刷新会员码后重新扫描。",
	CODE_EXPIRED: "会员码已过期，请让顾客刷新后重新扫描。",
	CODE_ALREADY_USED: "该会员码已被扫描过，请让顾客刷新会员码。",
	SCAN_EXPIRED: "本次扫码已超过 10 分钟，请重新扫描会员码。",
	SCAN_NOT_FOUND: "扫码记录不存在，请重新扫描会员码。",
	INSUFFICIENT_POINTS: "会员积分不足。",
	INSUFFICIENT_BALANCE: "会员储值余额不足。",
	COUPON_NOT_USABLE: "优惠券不可用（未达门槛、已使用或不适用于本店）。",
	ORDER_REF_EXISTS: "该订单号已存在，请勿重复收款。",
	REFUND_EXCEEDS_REMAINING: "退款金额超过可退金额。",
	ALREADY_REFUNDED: "该订单已全额退款。",
	ALREADY_CHECKED_IN: "今天已经签到过了。",
	PHONE_ALREADY_BOUND: "已绑定手机号。",
	WECHAT_LOGIN_FAILED: "微信登录失败，请稍后重试。",
	WECHAT_UNAVAILABLE: "微信服务暂时不可用，请稍后重试。",
	INVALID_PHONE_CODE: "手机号授权已失效，请重新授权。",
	RATE_LIMITED: "操作太频繁，请稍后再试。",
	TOO_MANY_REQUESTS: "操作太频繁，请稍后再试。",
	INTERNAL: "服务暂时出错，请稍后重试。",
	INTERNAL_ERROR: "服务暂时出错，请稍后重试。",
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
	return "操作未成功，请稍后重试。";
}
