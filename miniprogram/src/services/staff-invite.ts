import { request } from './http';
import { saveStaffRoles } from './session';
import type { StaffListResponse } from './types';

/**
 * What a staff invite's QR may carry: the code itself, or a link or mini-program path with
 * `invite=` / `inviteCode=` in its query. Anything else is taken as typed (the BFF judges it).
 */
export function inviteCodeFrom(scanned: string): string {
  const text = scanned.trim();
  const match = /[?&#](?:invite|inviteCode)=([^&#\s]+)/.exec(text);
  return match ? decodeURIComponent(match[1]) : text;
}

/** POST /api/staff/bind: the store role joins this member's identity; the app keeps the new list. */
export async function bindStaffInvite(inviteCode: string): Promise<StaffListResponse> {
  const result = await request<StaffListResponse>({
    method: 'POST',
    path: '/api/staff/bind',
    body: { inviteCode },
  });
  saveStaffRoles(result.staff);
  return result;
}
