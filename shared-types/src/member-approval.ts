import { z } from 'zod';
import { FenSchema, IdSchema, IsoDateTimeSchema, PointsSchema } from './common';
import { isGuessablePin, PAYMENT_PIN_PATTERN } from './payment-pin';
import { ruleResponseOf } from './rules';
import { ScanResponseSchema } from './store-ops';

/**
 * Member approval of large deductions: above these amounts a checkout needs the member's own
 * approval (on their phone, or their payment PIN at the till). "Above" is strict: a deduction of
 * exactly the threshold needs none.
 */
export const MemberApprovalRuleSchema = z
  .object({
    pointsAbove: PointsSchema,
    storedValueAboveFen: FenSchema,
  })
  .strict();
export type MemberApprovalRule = z.infer<typeof MemberApprovalRuleSchema>;
export const MemberApprovalRuleResponseSchema = ruleResponseOf(MemberApprovalRuleSchema);

/** `expired` is never stored: it is a pending or approved request whose time ran out. */
export const MemberApprovalStatusSchema = z.enum(['pending', 'approved', 'rejected', 'expired', 'used']);
export type MemberApprovalStatus = z.infer<typeof MemberApprovalStatusSchema>;
/** What the member is asked: a large deduction at checkout, or a POS looking them up by phone number. */
export const MemberApprovalKindSchema = z.enum(['checkout', 'phone-lookup']);
export type MemberApprovalKind = z.infer<typeof MemberApprovalKindSchema>;

export const MemberApprovalSchema = z.object({
  approvalId: z.string(),
  kind: MemberApprovalKindSchema,
  status: MemberApprovalStatusSchema,
  storeId: z.string(),
  storeName: z.string(),
  /** The scan the approval is bound to (a phone lookup gets its scan once the member approves). */
  scanId: z.string().nullable(),
  amountFen: z.number().int(),
  points: z.number().int(),
  storedValueFen: z.number().int(),
  /** How it was decided: on the member's phone, with the payment PIN or with the card's one-time code at the till. */
  decidedWith: z.enum(['phone', 'pin', 'code']).nullable(),
  createdAt: IsoDateTimeSchema,
  expiresAt: IsoDateTimeSchema,
});
export type MemberApproval = z.infer<typeof MemberApprovalSchema>;

/** What the POS polls: the request and, once a phone lookup is approved, the scan to check out with. */
export const PosMemberApprovalSchema = MemberApprovalSchema.extend({ scan: ScanResponseSchema.nullable() });
export type PosMemberApproval = z.infer<typeof PosMemberApprovalSchema>;

export const MemberApprovalListSchema = z.object({ items: z.array(MemberApprovalSchema) });
export type MemberApprovalList = z.infer<typeof MemberApprovalListSchema>;

export const MemberApprovalParamsSchema = z.object({ id: IdSchema }).strict();
export const StoreMemberApprovalParamsSchema = z.object({ storeId: IdSchema, id: IdSchema }).strict();

/** Six digits; not one digit six times and not a run up or down (123456, 654321). */
export const PaymentPinSchema = z
  .string()
  .regex(PAYMENT_PIN_PATTERN, 'must be 6 digits')
  .refine((pin) => !isGuessablePin(pin), 'too easy to guess');

/**
 * What the clerk types at the till: the member's payment PIN, or the one-time approval code the
 * member's card shows offline (approval-code.ts). Exactly one of the two.
 */
export const PinEntryRequestSchema = z
  .object({
    pin: z
      .string()
      .regex(/^\d{6}$/, 'must be 6 digits')
      .optional()
      .describe("The member's 6-digit payment PIN"),
    approvalCode: z
      .string()
      .regex(/^\d{6}$/, 'must be 6 digits')
      .optional()
      .describe(
        'The one-time code on the member\'s card: HOTP-truncate(HMAC-SHA256(member-code secret, "approve:" + floor(unix s / 60)), 6); current minute ±1, once each',
      ),
  })
  .strict()
  .refine((body) => (body.pin === undefined) !== (body.approvalCode === undefined), {
    message: 'give either pin or approvalCode',
  });
export type PinEntryRequest = z.infer<typeof PinEntryRequestSchema>;
export const SetPaymentPinRequestSchema = z
  .object({
    pin: PaymentPinSchema,
    /** Needed to change a PIN already set (wrong tries count toward the lock-out). */
    currentPin: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
  })
  .strict();
export type SetPaymentPinRequest = z.infer<typeof SetPaymentPinRequestSchema>;
export const PaymentPinStatusSchema = z.object({
  set: z.boolean(),
  /** While locked after too many wrong tries, when it unlocks. */
  lockedUntil: IsoDateTimeSchema.nullable(),
});
export type PaymentPinStatus = z.infer<typeof PaymentPinStatusSchema>;

export const PhoneLookupRequestSchema = z.object({ phone: z.string().min(5).max(20) }).strict();
