import { request } from './http';
import { cacheCodeSecret, getCachedCodeSecret, saveMeSnapshot } from './session';
import type { Asset, Me, MemberCodeSecret, MemberLedgerResponse, SubscriptionListResponse } from './types';

export async function fetchMe(): Promise<Me> {
  const me = await request<Me>({ method: 'GET', path: '/api/me' });
  saveMeSnapshot(me);
  return me;
}

export function fetchLedger(asset: Asset, cursor?: string | null, limit = 20): Promise<MemberLedgerResponse> {
  return request<MemberLedgerResponse>({
    method: 'GET',
    path: '/api/me/ledger',
    query: { asset, cursor, limit },
  });
}

/** The cached secret when there is one (the card must work offline), else fetched and cached. */
export async function loadMemberCodeSecret(): Promise<MemberCodeSecret> {
  const cached = getCachedCodeSecret();
  if (cached) return cached;
  const secret = await request<MemberCodeSecret>({
    method: 'GET',
    path: '/api/me/member-code-secret',
  });
  cacheCodeSecret(secret);
  return secret;
}

export async function rotateMemberCodeSecret(): Promise<MemberCodeSecret> {
  const secret = await request<MemberCodeSecret>({
    method: 'POST',
    path: '/api/me/member-code-secret/rotate',
  });
  cacheCodeSecret(secret);
  return secret;
}

export function fetchSubscriptions(): Promise<SubscriptionListResponse> {
  return request<SubscriptionListResponse>({ method: 'GET', path: '/api/me/subscriptions' });
}

/** Reports one answer of the subscribe dialog (an accept allows one message of that template). */
export function reportSubscription(templateId: string, accepted: boolean): Promise<unknown> {
  return request({ method: 'POST', path: '/api/me/subscriptions', body: { templateId, accepted } });
}

export function deleteMyData(): Promise<unknown> {
  return request<unknown>({ method: 'POST', path: '/api/me/delete' });
}
