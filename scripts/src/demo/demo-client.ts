import { memberCodeAt } from '@tongka/shared-types';
import { ulid } from '../../../bff/src/domain/shared/ulid';
import type { FakeWechat } from '../fake-wechat';

/** A tiny HTTP client for seeding the demo through the public API, as HQ and clerks would. */
export class DemoClient {
  constructor(
    private readonly baseUrl: string,
    private readonly fake: FakeWechat,
  ) {}

  async call<T = any>(method: string, path: string, body?: unknown, token?: string, idempotent = false): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    if (idempotent) headers['idempotency-key'] = ulid();
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(payload)}`);
    return payload as T;
  }

  async signIn(openid: string, storeCode?: string): Promise<{ token: string; member: { id: string } }> {
    const code = this.fake.issueLoginCode(openid);
    return this.call('POST', '/api/auth/wechat-login', { code, ...(storeCode ? { storeCode } : {}) });
  }

  async bindPhone(token: string, phone: string): Promise<void> {
    await this.call('POST', '/api/me/phone', { code: this.fake.issuePhoneCode(phone) }, token);
  }

  /** Scans the member's current code at a store and checks out an order. */
  async checkout(clerkToken: string, storeId: string, memberToken: string, order: Record<string, unknown>, at: number) {
    const secret = await this.call('GET', '/api/me/member-code-secret', undefined, memberToken);
    const code = memberCodeAt(secret.memberCodeId, secret.secret, at);
    const scan = await this.call('POST', `/api/stores/${storeId}/scan`, { code }, clerkToken);
    return this.call(
      'POST',
      `/api/stores/${storeId}/checkouts`,
      { scanId: scan.scanId, orderRef: `DEMO-${ulid()}`, ...order },
      clerkToken,
      true,
    );
  }
}
