import { request } from './http';
import type {
  CheckoutListResponse,
  CheckoutRequest,
  CheckoutResponse,
  RefundPreviewResponse,
  RefundRequest,
  RefundResponse,
  ScanResponse,
  SelfSaleApprovalResponse,
} from './types';

const store = (storeId: string) => `/api/stores/${encodeURIComponent(storeId)}`;

export function scanMemberCode(storeId: string, code: string): Promise<ScanResponse> {
  return request<ScanResponse>({
    method: 'POST',
    path: `${store(storeId)}/scan`,
    body: { code },
  });
}

export function previewCheckout(storeId: string, body: CheckoutRequest): Promise<CheckoutResponse> {
  return request<CheckoutResponse>({
    method: 'POST',
    path: `${store(storeId)}/checkouts/preview`,
    body,
  });
}

/** The caller keeps `idempotencyKey` until this succeeds, so a retry never charges twice. */
export function submitCheckout(
  storeId: string,
  body: CheckoutRequest,
  idempotencyKey: string,
): Promise<CheckoutResponse> {
  return request<CheckoutResponse>({
    method: 'POST',
    path: `${store(storeId)}/checkouts`,
    body,
    idempotencyKey,
  });
}

/** One page of the day, newest first; the totals always cover the whole day. */
export function listCheckouts(
  storeId: string,
  date: string,
  page: { cursor?: string | null; limit?: number } = {},
): Promise<CheckoutListResponse> {
  return request<CheckoutListResponse>({
    method: 'GET',
    path: `${store(storeId)}/checkouts`,
    query: { date, cursor: page.cursor, limit: page.limit },
  });
}

/** What the refund with this body would do (the debt included), writing nothing. */
export function previewRefund(
  storeId: string,
  checkoutId: string,
  body: RefundRequest,
): Promise<RefundPreviewResponse> {
  return request<RefundPreviewResponse>({
    method: 'POST',
    path: `${store(storeId)}/checkouts/${encodeURIComponent(checkoutId)}/refund/preview`,
    body,
  });
}

export function refundCheckout(
  storeId: string,
  checkoutId: string,
  body: RefundRequest,
  idempotencyKey: string,
): Promise<RefundResponse> {
  return request<RefundResponse>({
    method: 'POST',
    path: `${store(storeId)}/checkouts/${encodeURIComponent(checkoutId)}/refund`,
    body,
    idempotencyKey,
  });
}

/** A manager's single-use code approving a cashier's sale to their own member card, up to an amount. */
export function createSelfSaleApproval(storeId: string, maxAmountFen: number): Promise<SelfSaleApprovalResponse> {
  return request<SelfSaleApprovalResponse>({
    method: 'POST',
    path: `${store(storeId)}/self-sale-approvals`,
    body: { maxAmountFen },
  });
}
