import { z } from 'zod';

/**
 * Every error code the API can answer with, and the HTTP status it maps to. The BFF picks the
 * status from this table; the mini-program maps the code to a Chinese sentence.
 */
export const errorStatuses = {
  // common
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  IDEMPOTENCY_KEY_REUSED: 409,
  IDEMPOTENCY_REQUEST_IN_PROGRESS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  // ledger
  INSUFFICIENT_POINTS: 409,
  INSUFFICIENT_BALANCE: 409,
  TRANSFER_CONFLICT: 409,
  TRANSFER_NOT_PENDING: 409,
  TRANSFER_NOT_FOUND: 404,
  TRANSFER_NOT_REVERSIBLE: 409,
  JOB_NOT_FOUND: 404,
  JOB_ALREADY_RUNNING: 409,
  // identity
  INVALID_WECHAT_CODE: 400,
  WECHAT_RATE_LIMITED: 429,
  WECHAT_UNAVAILABLE: 503,
  WECHAT_USER_BLOCKED: 403,
  INVALID_PHONE: 400,
  PHONE_DECRYPT_FAILED: 400,
  MEMBER_NOT_FOUND: 404,
  MEMBER_BLOCKED: 403,
  MEMBER_MERGED: 409,
  MERGE_NOT_UNDOABLE: 409,
  INVALID_CREDENTIALS: 401,
  TOO_MANY_ATTEMPTS: 429,
  INVITE_INVALID: 400,
  NOT_STAFF_OF_STORE: 403,
  MANAGER_REQUIRED: 403,
  // stores and checkout
  STORE_NOT_FOUND: 404,
  STORE_CODE_EXISTS: 409,
  INVALID_CODE: 400,
  UNKNOWN_TEMPLATE: 400,
  CODE_EXPIRED: 410,
  CODE_ALREADY_USED: 409,
  SCAN_NOT_FOUND: 404,
  SCAN_EXPIRED: 410,
  ORDER_REF_EXISTS: 409,
  CHECKOUT_NOT_FOUND: 404,
  COUPON_NOT_USABLE: 409,
  REDEEM_LIMIT_EXCEEDED: 409,
  REFUND_EXCEEDS_PAID: 409,
  ALREADY_REFUNDED: 409,
  ALREADY_CHECKED_IN: 409,
  // WeChat Pay
  PAY_NOT_CONFIGURED: 503,
  TOPUP_AMOUNT_OUT_OF_RANGE: 400,
  NO_WECHAT_IDENTITY: 409,
  WECHAT_PAY_REJECTED: 502,
  TOPUP_NOT_FOUND: 404,
  TOPUP_NOT_PAID: 409,
  NOTHING_TO_REFUND: 409,
  REFUND_IN_PROGRESS: 409,
} as const;

export type ErrorCode = keyof typeof errorStatuses;
export const errorCodes = Object.keys(errorStatuses) as [ErrorCode, ...ErrorCode[]];
export const ErrorCodeSchema = z.enum(errorCodes);

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
