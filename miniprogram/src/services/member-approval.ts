import type {
  CheckoutRequest,
  MemberApproval,
  MemberApprovalList,
  PaymentPinStatus,
  PinEntryRequest,
  SetPaymentPinRequest,
} from '@tongka/shared-types';
import { request } from './http';

/**
 * Member approval of large deductions and of POS phone lookups: the member's side (the card's
 * confirm sheet, the payment PIN) and the till's (ask, poll, PIN fallback).
 */

export function fetchPendingApprovals(): Promise<MemberApprovalList> {
  return request<MemberApprovalList>({ method: 'GET', path: '/api/me/member-approvals' });
}

export function decideApproval(approvalId: string, decision: 'approve' | 'reject'): Promise<MemberApproval> {
  return request<MemberApproval>({
    method: 'POST',
    path: `/api/me/member-approvals/${encodeURIComponent(approvalId)}/${decision}`,
    body: {},
  });
}

export function fetchPaymentPin(): Promise<PaymentPinStatus> {
  return request<PaymentPinStatus>({ method: 'GET', path: '/api/me/payment-pin' });
}

export function savePaymentPin(body: SetPaymentPinRequest): Promise<PaymentPinStatus> {
  return request<PaymentPinStatus>({ method: 'PUT', path: '/api/me/payment-pin', body });
}

const approvals = (storeId: string) => `/api/stores/${encodeURIComponent(storeId)}/member-approvals`;

/** Bound to this body's scan, amount and deduction: the checkout must send the same body. */
export function askMemberApproval(
  storeId: string,
  body: CheckoutRequest,
  idempotencyKey: string,
): Promise<MemberApproval> {
  return request<MemberApproval>({ method: 'POST', path: approvals(storeId), body, idempotencyKey });
}

export function fetchMemberApproval(storeId: string, approvalId: string): Promise<MemberApproval> {
  return request<MemberApproval>({ method: 'GET', path: `${approvals(storeId)}/${encodeURIComponent(approvalId)}` });
}

/** The member's payment PIN (`pin`) or the one-time code on their card (`approvalCode`), typed at the till. */
export function approveAtTill(storeId: string, approvalId: string, entry: PinEntryRequest): Promise<MemberApproval> {
  return request<MemberApproval>({
    method: 'POST',
    path: `${approvals(storeId)}/${encodeURIComponent(approvalId)}/pin`,
    body: entry,
  });
}
