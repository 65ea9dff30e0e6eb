import type { TestMember } from './instore-fixtures';
import { newKey } from './instore-fixtures';
import type { TestBff } from './test-bff';

/** An HQ coupon template through the API (expects 201). Defaults: ¥10 off ¥50, valid 7 days, claimable. */
export async function createTemplate(bff: TestBff, admin: string, patch: Record<string, unknown> = {}) {
  const body = {
    name: '满50减10',
    type: 'AMOUNT_OFF',
    thresholdFen: 5_000,
    valueFen: 1_000,
    validDays: 7,
    claimable: true,
    ...patch,
  };
  const res = await bff.api.post('/api/admin/coupon-templates', body, { token: admin });
  if (res.status !== 201) throw new Error(`create template: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; issued: number; stock?: number };
}

export function claim(bff: TestBff, member: TestMember, templateId: string, key = newKey()) {
  return bff.api.post('/api/coupons/claim', { templateId }, { token: member.token, idempotencyKey: key });
}

/** Claims and expects 200; returns the coupon. */
export async function claimed(bff: TestBff, member: TestMember, templateId: string) {
  const res = await claim(bff, member, templateId);
  if (res.status !== 200) throw new Error(`claim: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; code: string; validUntil: string; status: string };
}

export async function couponStatus(bff: TestBff, couponId: string): Promise<string> {
  const [row] = await bff.db.dataSource.query('SELECT status FROM coupons WHERE id = ?', [couponId]);
  return row?.status;
}
