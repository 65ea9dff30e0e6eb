/**
 * UI-side names for the BFF's shapes. Every response type comes from `@tongka/shared-types` (the
 * zod schemas the BFF validates against); this file only names the pieces the pages pass around,
 * plus the coupon view that shared-types does not describe yet (the scan answers `unknown[]`).
 */
import type { CheckoutListResponse, MemberLedgerResponse, ScanResponse, Tier } from '@tongka/shared-types';

export type {
  Asset,
  BindPhoneResponse,
  CheckoutItem,
  CheckoutListResponse,
  CheckoutRequest,
  CheckoutResponse,
  EarnBreakdown,
  ErrorBody as ApiErrorBody,
  HealthResponse as Health,
  LoginMember,
  MemberApproval,
  MemberCodeSecretResponse as MemberCodeSecret,
  MemberLedgerResponse,
  MeResponse as Me,
  PaymentPinStatus,
  PinEntryRequest,
  RefundPreviewResponse,
  RefundRequest,
  RefundResponse,
  ScanResponse,
  SelfSaleApprovalResponse,
  StaffListResponse,
  StaffRole,
  SubscriptionListResponse,
  Tier,
  WechatLoginRequest,
  WechatLoginResponse,
} from '@tongka/shared-types';

/** One row of GET /api/me/ledger. */
export type LedgerEntry = MemberLedgerResponse['items'][number];
export type LedgerKind = LedgerEntry['kind'];

/** One row of the store's day list (GET /api/stores/:storeId/checkouts). */
export type CheckoutListItem = CheckoutListResponse['items'][number];
export type CheckoutTotals = CheckoutListResponse['totals'];

export type ScannedMember = ScanResponse['member'];

/** A member coupon as API.md describes it; scan coupons are narrowed to this with `asCoupons`. */
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

function isCoupon(value: unknown): value is Coupon {
  if (!value || typeof value !== 'object') return false;
  const coupon = value as Partial<Coupon>;
  return (
    typeof coupon.id === 'string' &&
    typeof coupon.code === 'string' &&
    typeof coupon.name === 'string' &&
    typeof coupon.thresholdFen === 'number' &&
    typeof coupon.validUntil === 'string'
  );
}

/** The scan's coupons that have the documented shape; anything else is left out, not guessed at. */
export function asCoupons(values: readonly unknown[]): Coupon[] {
  return values.filter(isCoupon);
}

/** Tiers the BFF knows; login answers `tier` as a plain string, so lookups accept any string. */
export type TierName = Tier | (string & {});
