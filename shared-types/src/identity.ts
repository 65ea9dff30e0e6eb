import { z } from 'zod';

/** WeChat login, phone binding, staff binding and deletion (API.md "Member", "Store staff"). */

export const StaffRoleNameSchema = z.enum(['clerk', 'manager']);
export type StaffRoleName = z.infer<typeof StaffRoleNameSchema>;

export const StaffRoleSchema = z.object({
  storeId: z.string(),
  storeCode: z.string(),
  storeName: z.string(),
  role: StaffRoleNameSchema,
});
export type StaffRole = z.infer<typeof StaffRoleSchema>;

export const WechatLoginRequestSchema = z
  .object({
    code: z.string().min(1).max(128),
    referralCode: z.string().min(1).max(16).optional(),
    storeCode: z.string().min(1).max(32).optional(),
    /** A random id the app keeps per install: referees sharing one device hold the referrer's rebates. */
    deviceId: z.string().min(1).max(64).optional(),
  })
  .strict();
export type WechatLoginRequest = z.infer<typeof WechatLoginRequestSchema>;

export const LoginMemberSchema = z.object({
  id: z.string(),
  tier: z.string(),
  phoneBound: z.boolean(),
  referralCode: z.string(),
});
export type LoginMember = z.infer<typeof LoginMemberSchema>;

export const WechatLoginResponseSchema = z.object({
  token: z.string(),
  member: LoginMemberSchema,
  staff: z.array(StaffRoleSchema),
});
export type WechatLoginResponse = z.infer<typeof WechatLoginResponseSchema>;

/** The getPhoneNumber code flow, or the legacy encryptedData + iv flow of old clients. */
export const BindPhoneRequestSchema = z.union([
  z.object({ code: z.string().min(1).max(128) }).strict(),
  z.object({ encryptedData: z.string().min(1).max(4096), iv: z.string().min(1).max(64) }).strict(),
]);
export type BindPhoneRequest = z.infer<typeof BindPhoneRequestSchema>;

export const BindPhoneResponseSchema = z.object({
  token: z.string(),
  member: LoginMemberSchema.extend({ phone: z.string() }),
  merged: z.boolean(),
});
export type BindPhoneResponse = z.infer<typeof BindPhoneResponseSchema>;

export const StaffBindRequestSchema = z.object({ inviteCode: z.string().min(1).max(64) }).strict();
export type StaffBindRequest = z.infer<typeof StaffBindRequestSchema>;

export const StaffListResponseSchema = z.object({ staff: z.array(StaffRoleSchema) });
export type StaffListResponse = z.infer<typeof StaffListResponseSchema>;

export const DeleteMeResponseSchema = z.object({ deleted: z.literal(true) });
