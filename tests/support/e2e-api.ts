import { memberCodeAt } from '@tongka/shared-types';
import { ulid } from 'ulid';
import type { E2eStack } from './e2e-stack';
import { ApiClient } from './test-bff';

/** Calls the e2e stack's BFF as HQ, a clerk or a member would, for the set-up around browser steps. */
export class E2eApi {
  readonly api: ApiClient;

  constructor(private readonly stack: E2eStack) {
    this.api = new ApiClient(stack.bff.url);
  }

  async adminToken(username: string, password: string): Promise<string> {
    const res = await this.api.post('/api/admin/login', { username, password });
    if (res.status !== 200) throw new Error(`admin login failed: ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  async createStore(admin: string, code: string, name: string): Promise<string> {
    const res = await this.api.post('/api/admin/stores', { code, name }, { token: admin });
    if (res.status >= 300) throw new Error(`store failed: ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  async signIn(
    openid: string,
    referralCode?: string,
  ): Promise<{ token: string; member: { id: string; referralCode: string } }> {
    const code = this.stack.fake.issueLoginCode(openid);
    const res = await this.api.post('/api/auth/wechat-login', { code, ...(referralCode ? { referralCode } : {}) });
    if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async makeStaff(admin: string, storeId: string, memberToken: string, role: 'clerk' | 'manager'): Promise<void> {
    const invite = await this.api.post(`/api/admin/stores/${storeId}/staff-invites`, { role }, { token: admin });
    const bind = await this.api.post('/api/staff/bind', { inviteCode: invite.body.inviteCode }, { token: memberToken });
    if (bind.status !== 200) throw new Error(`staff bind failed: ${JSON.stringify(bind.body)}`);
  }

  /** The member's current 18-digit code, computed exactly as the app does. */
  async memberCode(memberToken: string, at = Date.now()): Promise<string> {
    const res = await this.api.get('/api/me/member-code-secret', memberToken);
    return memberCodeAt(res.body.memberCodeId, res.body.secret, at);
  }

  async checkout(clerk: string, storeId: string, memberToken: string, amountFen: number): Promise<any> {
    // The previous step's code (still accepted, ±1 step), so the code on the member's screen stays
    // unused for the browser steps: one code opens one scan.
    const code = await this.memberCode(memberToken, Date.now() - 30_000);
    const scan = await this.api.post(`/api/stores/${storeId}/scan`, { code }, { token: clerk });
    if (scan.status !== 200) throw new Error(`scan failed: ${JSON.stringify(scan.body)}`);
    const res = await this.api.post(
      `/api/stores/${storeId}/checkouts`,
      { scanId: scan.body.scanId, orderRef: `E2E-${ulid()}`, amountFen },
      { token: clerk, idempotencyKey: ulid() },
    );
    if (res.status !== 201) throw new Error(`checkout failed: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async me(memberToken: string): Promise<any> {
    return (await this.api.get('/api/me', memberToken)).body;
  }
}
