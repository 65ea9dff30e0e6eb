import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { execute, inTransaction } from '../../bff/src/db/tx';
import { createAdmin } from '../../bff/src/domain/admins/create-admin';
import type { Clock } from '../../bff/src/domain/shared/clock';
import type { AnyRoute } from '../../bff/src/http/route';
import { type FakeWechat, startFakeWechat } from '../../scripts/src/fake-wechat';
import { bootTestBff, type TestBff } from './test-bff';

/** Shared fixtures for tests that need stores, HQ admins, signed-in members and staff. */

export const fakeWechatKeysDir = join(__dirname, '../../.keys/test-fake-wechat');

export function startTestFakeWechat(): Promise<FakeWechat> {
  return startFakeWechat({ keysDir: fakeWechatKeysDir });
}

/** The settings that point a BFF at the fake WeChat server. */
export function fakeWechatConfig(fake: FakeWechat): Record<string, string> {
  return { WECHAT_API_BASE: fake.url, WECHAT_APPID: fake.appid, WECHAT_SECRET: fake.secret };
}

/** A BFF wired to a fake WeChat server (started here unless given). */
export async function bootBffWithFakeWechat(
  options: { fake?: FakeWechat; config?: Record<string, string>; clock?: Clock; extraRoutes?: AnyRoute[] } = {},
): Promise<{ bff: TestBff; fake: FakeWechat }> {
  const fake = options.fake ?? (await startTestFakeWechat());
  const bff = await bootTestBff({
    config: { ...fakeWechatConfig(fake), ...options.config },
    clock: options.clock,
    extraRoutes: options.extraRoutes,
  });
  return { bff, fake };
}

const adminTokens = new WeakMap<TestBff, string>();

/** An HQ admin token (one admin per BFF, created directly, signed in through the API). */
export async function createAdminToken(bff: TestBff): Promise<string> {
  const known = adminTokens.get(bff);
  if (known) return known;
  const username = `hq-${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  await inTransaction(bff.deps.dataSource, (tx) =>
    createAdmin(tx, { username, password, now: new Date(), actor: { type: 'system', id: 'test' } }),
  );
  const response = await bff.api.post('/api/admin/login', { username, password });
  if (response.status !== 200) throw new Error(`admin login failed: ${JSON.stringify(response.body)}`);
  adminTokens.set(bff, response.body.token);
  return response.body.token;
}

export interface TestStore {
  id: string;
  code: string;
  name: string;
  city: string | null;
}

/** A store created through POST /api/admin/stores. */
export async function createStore(
  bff: TestBff,
  input: { code: string; name: string; city?: string },
): Promise<TestStore> {
  const response = await bff.api.post('/api/admin/stores', input, { token: await createAdminToken(bff) });
  if (response.status !== 201) throw new Error(`store creation failed: ${JSON.stringify(response.body)}`);
  return response.body;
}

export interface SignedInMember {
  token: string;
  memberId: string;
  member: { id: string; tier: string; phoneBound: boolean; referralCode: string };
  staff: Array<{ storeId: string; storeCode: string; role: string }>;
}

/** Signs in through POST /api/auth/wechat-login with a code the fake issues for `openid`. */
export async function signInMember(
  bff: TestBff,
  fake: FakeWechat,
  input: { openid: string; unionid?: string; referralCode?: string; storeCode?: string },
): Promise<SignedInMember> {
  const code = fake.issueLoginCode(input.openid, input.unionid);
  const body = {
    code,
    ...(input.referralCode ? { referralCode: input.referralCode } : {}),
    ...(input.storeCode ? { storeCode: input.storeCode } : {}),
  };
  const response = await bff.api.post('/api/auth/wechat-login', body);
  if (response.status !== 200) throw new Error(`wechat login failed: ${JSON.stringify(response.body)}`);
  return { ...response.body, memberId: response.body.member.id };
}

/** Binds a phone through POST /api/me/phone (code flow); returns the answer (survivor token on merge). */
export async function bindPhone(bff: TestBff, fake: FakeWechat, token: string, phone: string) {
  return bff.api.post('/api/me/phone', { code: fake.issuePhoneCode(phone) }, { token });
}

/** Gives a member a store role directly (the invite flow has its own tests). */
export async function makeStaff(
  bff: TestBff,
  input: { memberId: string; storeId: string; role: 'clerk' | 'manager' },
): Promise<void> {
  await execute(
    bff.deps.dataSource.manager,
    'INSERT INTO staff_roles (id, member_id, store_id, role, created_at) VALUES (?, ?, ?, ?, ?)',
    [ulid(), input.memberId, input.storeId, input.role, new Date()],
  );
}
