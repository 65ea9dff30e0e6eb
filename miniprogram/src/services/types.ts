/**
 * Request and response types of the BFF, mirroring /work/shared/API.md field for field. They are
 * declared here until shared-types exports the zod schemas; then each becomes a `z.infer` import.
 * Fields marked "optional extra" are not fixed by API.md: the UI shows them when the BFF sends
 * them and degrades gracefully when it does not.
 */
export type Asset = 'POINTS' | 'CNY';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface StaffRole {
  storeId: string;
  storeCode: string;
  role: 'clerk' | 'manager' | string;
  /** optional extra: the store's display name */
  storeName?: string;
}

export interface MemberSummary {
  id: string;
  tier: string;
  phoneBound: boolean;
  referralCode: string;
}

export interface WechatLoginRequest {
  code: string;
  referralCode?: string;
  storeCode?: string;
}

export interface WechatLoginResponse {
  token: string;
  member: MemberSummary;
  staff: StaffRole[];
  /** optional extra: set when the login merged another member into this one */
  merged?: boolean;
}

export interface BindPhoneRequest {
  code: string;
}

export interface BindPhoneResponse {
  token: string;
  member: MemberSummary;
  merged: boolean;
}

export interface ExpiringPoints {
  points: number;
  expiresAt: string;
}

export interface StoreRef {
  id: string;
  code?: string;
  name: string;
}

export interface Me {
  id: string;
  tier: string;
  phoneMasked: string | null;
  points: number;
  storedValueFen: number;
  couponsAvailable: number;
  referralCode: string;
  expiringSoon: ExpiringPoints[];
  /** optional extra: the store the member joined at */
  homeStore?: StoreRef | null;
}

export interface LedgerEntry {
  id: string;
  kind: string;
  /** signed, from the member's side: points, or fen for CNY */
  amount: number;
  storeId: string | null;
  createdAt: string;
  note: string | null;
  /** optional extra */
  storeName?: string;
  /** optional extra: PENDING for held amounts (e.g. unconfirmed rebates) */
  status?: 'PENDING' | 'POSTED' | string;
}

export interface MemberCodeSecret {
  memberCodeId: number;
  secret: string;
  algorithm: 'TOTP-SHA256';
  digits: 8;
  period: 30;
  prefix: '66';
}

export interface Coupon {
  id: string;
  code: string;
  name: string;
  type: 'AMOUNT_OFF' | 'PERCENT_OFF' | 'GIFT';
  thresholdFen: number;
  valueFen?: number;
  percentOff?: number;
  validFrom: string;
  validUntil: string;
  storeIds?: string[];
}

export interface ScannedMember {
  id: string;
  tier: string;
  phoneMasked: string | null;
  points: number;
  storedValueFen: number;
  coupons: Coupon[];
  /** optional extra */
  homeStore?: StoreRef | null;
}

export interface ScanRequest {
  code: string;
}

export interface ScanResponse {
  scanId: string;
  expiresAt: string;
  member: ScannedMember;
}

export interface CheckoutItem {
  sku?: string;
  category?: string;
  amountFen: number;
}

export interface CheckoutRequest {
  scanId: string;
  orderRef: string;
  amountFen: number;
  items?: CheckoutItem[];
  couponCodes?: string[];
  redeemPoints?: number;
  storedValueFen?: number;
}

/** One line of how the earned points were computed (optional extra on preview/checkout). */
export interface EarnBreakdownLine {
  label?: string;
  rule?: string;
  kind?: string;
  multiplier?: number;
  points: number;
}

export interface CheckoutResponse {
  checkoutId: string;
  orderRef: string;
  amountFen: number;
  couponDiscountFen: number;
  pointsRedeemed: number;
  pointsDiscountFen: number;
  storedValuePaidFen: number;
  cashDueFen: number;
  pointsEarned: number;
  member: { points: number; storedValueFen: number; tier: string };
  /** optional extra */
  earnBreakdown?: EarnBreakdownLine[];
  /** optional extra: the most points this order may redeem under the redeem rule */
  maxRedeemPoints?: number;
}

export interface CheckoutListItem extends CheckoutResponse {
  createdAt?: string;
  /** optional extra: sum of refunds so far */
  refundedFen?: number;
  status?: string;
}

export interface RefundRequest {
  amountFen?: number;
}

export interface RefundResponse {
  refundId: string;
  refundedFen: number;
  pointsReturned: number;
  pointsClawedBack: number;
  pointsDebt: number;
  storedValueReturnedFen: number;
  couponsRestored: number | string[];
}

/** GET /healthz, from shared-types (the first schema to land there). */
export type { HealthResponse as Health } from '@tongka/shared-types';

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
