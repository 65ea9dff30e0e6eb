import type {
  CreateTopupRequest,
  CreateTopupResponse,
  TopupOptionsResponse,
  TopupResponse,
} from '@tongka/shared-types';
import { request } from './http';

/** Stored-value top-ups through WeChat Pay (API.md: POST /api/pay/topups). */

export function fetchTopupOptions(): Promise<TopupOptionsResponse> {
  return request<TopupOptionsResponse>({ method: 'GET', path: '/api/pay/topup-options' });
}

/** The caller keeps `idempotencyKey` across retries of one attempt, so a lost answer makes no second order. */
export function createTopup(body: CreateTopupRequest, idempotencyKey: string): Promise<CreateTopupResponse> {
  return request<CreateTopupResponse>({ method: 'POST', path: '/api/pay/topups', body, idempotencyKey });
}

export function fetchTopup(topupId: string): Promise<TopupResponse> {
  return request<TopupResponse>({ method: 'GET', path: `/api/pay/topups/${encodeURIComponent(topupId)}` });
}
