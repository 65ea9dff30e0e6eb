import { ulid } from 'ulid';
import { select } from '../../bff/src/db/tx';
import { getMemberBalances } from '../../bff/src/domain/ledger';
import { defineRoute } from '../../bff/src/http/route';
import { allRoutes } from '../../bff/src/http/routes';
import type { FakeWechat } from '../../scripts/src/fake-wechat';
import {
  bindPhone,
  bootBffWithFakeWechat,
  createAdminToken,
  createStore,
  makeStaff,
  signInMember,
} from '../support/identity-fixtures';
import type { TestBff } from '../support/test-bff';

const storeProbe = defineRoute({
  method: 'get',
  path: '/api/stores/:storeId/identity-probe',
  summary: 'test probe',
  tag: 'test',
  auth: 'staff',
  handle: async ({ ctx }) => ({ storeId: ctx.params.storeId }),
});

let bff: TestBff;
let fake: FakeWechat;

beforeAll(async () => {
  ({ bff, fake } = await bootBffWithFakeWechat({
    config: { ADMIN_USERNAME: 'boss', ADMIN_PASSWORD: 'boss-password-1' },
    extraRoutes: [storeProbe],
  }));
});
afterAll(async () => {
  await bff.close();
  await fake.close();
});

const db = () => bff.db.dataSource.manager;

describe('HQ admins', () => {
  test('When the BFF starts with ADMIN_USERNAME/ADMIN_PASSWORD, Then that admin can sign in; a wrong password is 401', async () => {
    const ok = await bff.api.post('/api/admin/login', { username: 'boss', password: 'boss-password-1' });
    expect(ok.status).toBe(200);
    expect(ok.body.token).toEqual(expect.any(String));
    const wrong = await bff.api.post('/api/admin/login', { username: 'boss', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const [row] = await select<{ password_hash: string }>(
      db(),
      "SELECT password_hash FROM admins WHERE username = 'boss'",
    );
    expect(row.password_hash).toMatch(/^scrypt\$/);
  });

  test('When the start-up task runs again (another instance), Then still one admin', async () => {
    const { startupTasks } = await import('../../bff/src/startup');
    await Promise.all(startupTasks.map((task) => task(bff.deps)));
    const rows = await select(db(), "SELECT id FROM admins WHERE username = 'boss'");
    expect(rows).toHaveLength(1);
  });

  test('When a username fails 5 times from one client, Then the 6th try is 429 RATE_LIMITED with Retry-After, even with the right password', async () => {
    const { createAdmin } = await import('../../bff/src/domain/admins/create-admin');
    const { inTransaction } = await import('../../bff/src/db/tx');
    await inTransaction(bff.deps.dataSource, (tx) =>
      createAdmin(tx, {
        username: 'victim',
        password: 'right-password',
        now: new Date(),
        actor: { type: 'system', id: 't' },
      }),
    );
    for (let i = 0; i < 5; i++) {
      expect((await bff.api.post('/api/admin/login', { username: 'victim', password: `wrong-${i}` })).status).toBe(401);
    }
    const locked = await bff.api.post('/api/admin/login', { username: 'victim', password: 'right-password' });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('RATE_LIMITED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    // Other usernames are not affected.
    expect((await bff.api.post('/api/admin/login', { username: 'boss', password: 'boss-password-1' })).status).toBe(
      200,
    );
  });

  test('When HQ creates stores, Then they list by code, a duplicate code is 409, and each creation is audited', async () => {
    const admin = await createAdminToken(bff);
    const created = await bff.api.post(
      '/api/admin/stores',
      { code: 'ADM-1', name: 'One', city: '上海' },
      { token: admin },
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), code: 'ADM-1', name: 'One', city: '上海' });
    const dup = await bff.api.post('/api/admin/stores', { code: 'ADM-1', name: 'Again' }, { token: admin });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('STORE_CODE_EXISTS');
    const bad = await bff.api.post('/api/admin/stores', { code: 'ADM 2', name: '' }, { token: admin });
    expect(bad.status).toBe(400);
    await bff.api.post('/api/admin/stores', { code: 'ADM-2', name: 'Two' }, { token: admin });
    const page1 = await bff.api.get('/api/admin/stores?limit=1', admin);
    expect(page1.body.items).toHaveLength(1);
    const page2 = await bff.api.get(`/api/admin/stores?limit=100&cursor=${page1.body.nextCursor}`, admin);
    expect(page2.body.items.map((s: { code: string }) => s.code)).toContain('ADM-2');
    const audit = await bff.api.get('/api/admin/audit-log?limit=1', admin);
    expect(audit.body.items[0]).toMatchObject({ action: 'store.create', after: { code: 'ADM-2' } });
    expect(audit.body.nextCursor).toEqual(expect.any(String));
    const older = await bff.api.get(`/api/admin/audit-log?limit=1&cursor=${audit.body.nextCursor}`, admin);
    expect(older.body.items[0]).toMatchObject({ action: 'store.create', after: { code: 'ADM-1' } });
  });
});

describe('Staff invites and roles', () => {
  test('When HQ invites a clerk, Then the code binds once, login lists the role, store routes open; revoke closes them', async () => {
    const admin = await createAdminToken(bff);
    const store = await createStore(bff, { code: 'ST-A', name: 'A' });
    const invite = await bff.api.post(
      `/api/admin/stores/${store.id}/staff-invites`,
      { role: 'clerk' },
      { token: admin },
    );
    expect(invite.status).toBe(201);
    expect(new Date(invite.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(71 * 3600_000);
    const [stored] = await select<{ code_hash: string }>(db(), 'SELECT code_hash FROM staff_invites');
    expect(stored.code_hash).not.toContain(invite.body.inviteCode);
    const clerk = await signInMember(bff, fake, { openid: 'o-staff-clerk' });
    expect((await bff.api.get(`/api/stores/${store.id}/identity-probe`, clerk.token)).body.error.code).toBe(
      'NOT_STAFF_OF_STORE',
    );
    const bound = await bff.api.post('/api/staff/bind', { inviteCode: invite.body.inviteCode }, { token: clerk.token });
    expect(bound.body).toEqual({ staff: [{ storeId: store.id, storeCode: 'ST-A', storeName: 'A', role: 'clerk' }] });
    const reuse = await bff.api.post(
      '/api/staff/bind',
      { inviteCode: invite.body.inviteCode },
      { token: (await signInMember(bff, fake, { openid: 'o-staff-2' })).token },
    );
    expect(reuse.status).toBe(400);
    expect(reuse.body.error.code).toBe('INVITE_INVALID');
    expect((await signInMember(bff, fake, { openid: 'o-staff-clerk' })).staff).toHaveLength(1);
    expect((await bff.api.get(`/api/stores/${store.id}/identity-probe`, clerk.token)).status).toBe(200);
    const revoked = await bff.api.request('DELETE', `/api/admin/stores/${store.id}/staff/${clerk.memberId}`, {
      token: admin,
    });
    expect(revoked.body).toEqual({ revoked: 1 });
    // Revoking a role ends the member's sessions; signed in again, the store is closed to them.
    const stale = await bff.api.get(`/api/stores/${store.id}/identity-probe`, clerk.token);
    expect(stale.status).toBe(401);
    expect(stale.body.error.details).toEqual({ reason: 'SESSION_REVOKED' });
    const again = await signInMember(bff, fake, { openid: 'o-staff-clerk' });
    expect(again.staff).toEqual([]);
    expect((await bff.api.get(`/api/stores/${store.id}/identity-probe`, again.token)).status).toBe(403);
  });

  test('When a clerk of store A calls a store-B route, Then 403 NOT_STAFF_OF_STORE', async () => {
    const a = await createStore(bff, { code: 'BOLA-A', name: 'A' });
    const b = await createStore(bff, { code: 'BOLA-B', name: 'B' });
    const clerk = await signInMember(bff, fake, { openid: 'o-bola-clerk' });
    await makeStaff(bff, { memberId: clerk.memberId, storeId: a.id, role: 'clerk' });
    expect((await bff.api.get(`/api/stores/${a.id}/identity-probe`, clerk.token)).status).toBe(200);
    const other = await bff.api.get(`/api/stores/${b.id}/identity-probe`, clerk.token);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('NOT_STAFF_OF_STORE');
  });
});

describe('Access control', () => {
  test('When a member token calls any admin route, Then 401/403 and nothing is written', async () => {
    const member = await signInMember(bff, fake, { openid: 'o-not-admin' });
    const adminRoutes = allRoutes.filter((route) => route.auth === 'admin');
    expect(adminRoutes.length).toBeGreaterThan(5);
    const [before] = await select<{ n: number }>(db(), 'SELECT COUNT(*) AS n FROM audit_log');
    for (const route of adminRoutes) {
      const path = route.path.replace(/:[A-Za-z]+/g, 'x');
      const response = await bff.api.request(route.method.toUpperCase(), path, {
        token: member.token,
        body: route.method === 'get' ? undefined : {},
        idempotencyKey: route.idempotent ? ulid() : undefined,
      });
      expect([401, 403]).toContain(response.status);
      const anonymous = await bff.api.request(route.method.toUpperCase(), path, {
        body: route.method === 'get' ? undefined : {},
      });
      expect(anonymous.status).toBe(401);
    }
    const [after] = await select<{ n: number }>(db(), 'SELECT COUNT(*) AS n FROM audit_log');
    expect(Number(after.n)).toBe(Number(before.n));
  });

  test('When a member calls the member routes, Then they only ever act on their own data', async () => {
    const alice = await signInMember(bff, fake, { openid: 'o-alice' });
    const bob = await signInMember(bff, fake, { openid: 'o-bob' });
    await bindPhone(bff, fake, alice.token, '13600000001');
    // Bob cannot name Alice anywhere: the routes take no member id, and his bind touches only him.
    const bobBind = await bindPhone(bff, fake, bob.token, '13600000002');
    expect(bobBind.body.member.id).toBe(bob.memberId);
    const [aliceRow] = await select<{ phone_enc: string }>(db(), 'SELECT phone_enc FROM members WHERE id = ?', [
      alice.memberId,
    ]);
    expect(bff.deps.dataCrypto?.decrypt(aliceRow.phone_enc)).toBe('13600000001');
    const deleted = await bff.api.post('/api/me/delete', {}, { token: bob.token });
    expect(deleted.body).toEqual({ deleted: true });
    expect(
      (await select<{ status: string }>(db(), 'SELECT status FROM members WHERE id = ?', [alice.memberId]))[0].status,
    ).toBe('active');
    const extra = await bff.api.post('/api/me/delete', { memberId: alice.memberId }, { token: alice.token });
    expect(extra.status).toBe(400);
  });
});

describe('Member status, adjustments and deletion', () => {
  test('When HQ blocks a member, Then the flags and reason are stored and audited with before/after', async () => {
    const admin = await createAdminToken(bff);
    const member = await signInMember(bff, fake, { openid: 'o-block' });
    const response = await bff.api.put(
      `/api/admin/members/${member.memberId}/status`,
      { earnBlocked: true, spendBlocked: false, reason: 'fraud check' },
      { token: admin },
    );
    expect(response.body).toEqual({
      id: member.memberId,
      earnBlocked: true,
      spendBlocked: false,
      blockReason: 'fraud check',
    });
    const audit = await bff.api.get('/api/admin/audit-log?limit=1', admin);
    expect(audit.body.items[0]).toMatchObject({
      action: 'member.status',
      before: { earnBlocked: false },
      after: { earnBlocked: true, blockReason: 'fraud check' },
    });
    const unknown = await bff.api.put(
      '/api/admin/members/nope/status',
      { earnBlocked: true, spendBlocked: true, reason: 'x' },
      { token: admin },
    );
    expect(unknown.status).toBe(404);
  });

  test('When HQ adjusts balances, Then the ledger moves ADJUST transfers, a replay changes nothing, a zero or overdraft is refused', async () => {
    const admin = await createAdminToken(bff);
    const member = await signInMember(bff, fake, { openid: 'o-adjust' });
    const key = ulid();
    const path = `/api/admin/members/${member.memberId}/adjust`;
    const first = await bff.api.post(
      path,
      { asset: 'POINTS', amount: 50, reason: 'goodwill' },
      { token: admin, idempotencyKey: key },
    );
    expect(first.body).toMatchObject({ points: 50, storedValueFen: 0 });
    const replay = await bff.api.post(
      path,
      { asset: 'POINTS', amount: 50, reason: 'goodwill' },
      { token: admin, idempotencyKey: key },
    );
    expect(replay.body).toEqual(first.body);
    await bff.api.post(
      path,
      { asset: 'CNY', amount: 1000, reason: 'refund by hand' },
      { token: admin, idempotencyKey: ulid() },
    );
    await bff.api.post(
      path,
      { asset: 'CNY', amount: -400, reason: 'correction' },
      { token: admin, idempotencyKey: ulid() },
    );
    expect(await getMemberBalances(db(), member.memberId)).toMatchObject({ points: 50, storedValueFen: 600 });
    const zero = await bff.api.post(
      path,
      { asset: 'POINTS', amount: 0, reason: 'x' },
      { token: admin, idempotencyKey: ulid() },
    );
    expect(zero.status).toBe(400);
    const overdraft = await bff.api.post(
      path,
      { asset: 'POINTS', amount: -51, reason: 'x' },
      { token: admin, idempotencyKey: ulid() },
    );
    expect(overdraft.status).toBe(409);
    expect(overdraft.body.error.code).toBe('INSUFFICIENT_POINTS');
    expect(await getMemberBalances(db(), member.memberId)).toMatchObject({ points: 50, storedValueFen: 600 });
    const kinds = await select<{ kind: string }>(
      db(),
      "SELECT DISTINCT kind FROM ledger_transfers WHERE cause_type = 'admin-adjust'",
    );
    expect(kinds.map((k) => k.kind)).toEqual(['ADJUST']);
  });

  test('When a member deletes themself, Then phone, name and WeChat links go, balances stay, the token stops working and a new login is a new member', async () => {
    const admin = await createAdminToken(bff);
    const member = await signInMember(bff, fake, { openid: 'o-delete' });
    await bindPhone(bff, fake, member.token, '13600000009');
    await bff.api.post(
      `/api/admin/members/${member.memberId}/adjust`,
      { asset: 'POINTS', amount: 7, reason: 'x' },
      { token: admin, idempotencyKey: ulid() },
    );
    expect((await bff.api.post('/api/me/delete', {}, { token: member.token })).status).toBe(200);
    const [row] = await select<Record<string, unknown>>(
      db(),
      'SELECT status, phone_enc, phone_index, name FROM members WHERE id = ?',
      [member.memberId],
    );
    expect(row).toEqual({ status: 'deleted', phone_enc: null, phone_index: null, name: null });
    expect(await select(db(), 'SELECT id FROM member_identities WHERE member_id = ?', [member.memberId])).toEqual([]);
    expect((await getMemberBalances(db(), member.memberId)).points).toBe(7);
    expect((await bff.api.post('/api/me/delete', {}, { token: member.token })).status).toBe(401);
    const fresh = await signInMember(bff, fake, { openid: 'o-delete' });
    expect(fresh.memberId).not.toBe(member.memberId);
  });
});
