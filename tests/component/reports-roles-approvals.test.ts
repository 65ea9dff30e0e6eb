import { inTransaction, sqlParams } from '../../bff/src/db/tx';
import { earnPoints } from '../../bff/src/domain/ledger';
import { createMember, MovableClock, newKey, type TestMember } from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
const DAY = 86_400_000;
let bff: TestBff;
let root: string; // the first HQ admin, signed in with a password
const password = 'correct horse battery';

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await bff.db.dataSource.query(text, sqlParams(params))) as T[];

async function newAdmin(
  role: 'admin' | 'finance',
  by = root,
): Promise<{ id: string; username: string; token: string }> {
  const username = `${role}-${newKey()}`;
  const created = await bff.api.post('/api/admin/admins', { username, password, role }, { token: by });
  expect(created.status).toBe(201);
  const login = await bff.api.post('/api/admin/login', { username, password });
  expect(login.status).toBe(200);
  expect(login.body.role).toBe(role);
  return { id: created.body.id, username, token: login.body.token };
}

const points = async (member: TestMember) => (await bff.api.get('/api/me', member.token)).body.points as number;
const adjust = (token: string, member: TestMember, amount: number, key = newKey()) =>
  bff.api.post(
    `/api/admin/members/${member.id}/adjust`,
    { asset: 'POINTS', amount, reason: 'goodwill' },
    { token, idempotencyKey: key },
  );

beforeAll(async () => {
  bff = await bootTestBff({ clock, config: { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: password } });
  const login = await bff.api.post('/api/admin/login', { username: 'root', password });
  expect(login.body).toMatchObject({ role: 'admin' });
  root = login.body.token;
  await bff.api.put(
    '/api/admin/approval-rule',
    { adjustPointsThreshold: 100, adjustFenThreshold: 10_000, reinstateGraceDays: 30 },
    { token: root },
  );
});
afterAll(() => bff?.close());

describe('Route guards', () => {
  const reads = [
    '/api/admin/me',
    '/api/admin/reports/summary?from=2026-11-01&to=2026-11-30',
    '/api/admin/reports/daily?from=2026-11-01&to=2026-11-30',
    '/api/admin/reports/tiers',
    '/api/admin/reports/breakage?from=2026-11-01&to=2026-11-30',
    '/api/admin/approvals',
    '/api/admin/risk-alerts',
    '/api/admin/jobs',
    '/api/admin/settlements?from=2026-11-01&to=2026-11-30',
    '/api/admin/audit-log',
    '/api/admin/ledger/audit',
  ];
  const writes: Array<[string, string, unknown]> = [
    ['POST', '/api/admin/admins', { username: 'x-user', password, role: 'finance' }],
    ['PUT', '/api/admin/admins/ANY', { disabled: true }],
    ['POST', '/api/admin/admins/ANY/reset-password', { password }],
    ['POST', '/api/admin/approvals/ANY/approve', {}],
    ['POST', '/api/admin/approvals/ANY/reject', {}],
    ['POST', '/api/admin/members/ANY/reinstate', { lotId: 'L', reason: 'r' }],
    ['POST', '/api/admin/risk-alerts/ANY/acknowledge', { note: 'seen' }],
    ['PUT', '/api/admin/approval-rule', { adjustPointsThreshold: 1, adjustFenThreshold: 1, reinstateGraceDays: 1 }],
    ['POST', '/api/admin/members/ANY/adjust', { asset: 'POINTS', amount: 1, reason: 'r' }],
    ['POST', '/api/admin/jobs/detect-risk/run', {}],
    ['PUT', '/api/admin/earn-rule', { pointsPerYuan: 1, minOrderFen: 0 }],
  ];

  test('When no token is sent, Then every HQ route answers 401 UNAUTHENTICATED', async () => {
    for (const path of [...reads, '/api/admin/admins']) expect((await bff.api.get(path)).status).toBe(401);
    for (const [method, path, body] of writes) {
      const res = await bff.api.request(method, path, { body, idempotencyKey: newKey() });
      expect([path, res.status]).toEqual([path, 401]);
    }
  });

  test('When finance signs in, Then reports, settlements, audit log and ledger audit answer 200 and every write 403 FORBIDDEN', async () => {
    const finance = await newAdmin('finance');
    expect((await bff.api.get('/api/admin/me', finance.token)).body).toEqual({
      id: finance.id,
      username: finance.username,
      role: 'finance',
      chainTimeZone: 'Asia/Shanghai',
    });
    for (const path of reads) expect([path, (await bff.api.get(path, finance.token)).status]).toEqual([path, 200]);
    expect((await bff.api.get('/api/admin/admins', finance.token)).status).toBe(403);
    for (const [method, path, body] of writes) {
      const res = await bff.api.request(method, path, { body, token: finance.token, idempotencyKey: newKey() });
      expect([path, res.status, res.body.error.code]).toEqual([path, 403, 'FORBIDDEN']);
    }
  });

  test('When a member token calls an HQ route, Then 403', async () => {
    const member = await createMember(bff);
    expect((await bff.api.get('/api/admin/reports/tiers', member.token)).status).toBe(403);
  });
});

describe('Admin accounts', () => {
  test('When an HQ admin disables an account, Then its token stops working at once and it cannot sign in; re-enabled it can', async () => {
    const finance = await newAdmin('finance');
    const off = await bff.api.put(`/api/admin/admins/${finance.id}`, { disabled: true }, { token: root });
    expect(off.body).toMatchObject({ id: finance.id, disabled: true, role: 'finance' });
    expect((await bff.api.get('/api/admin/me', finance.token)).status).toBe(401);
    const login = await bff.api.post('/api/admin/login', { username: finance.username, password });
    expect([login.status, login.body.error.code]).toEqual([403, 'ADMIN_DISABLED']);
    await bff.api.put(`/api/admin/admins/${finance.id}`, { disabled: false }, { token: root });
    expect((await bff.api.get('/api/admin/me', finance.token)).status).toBe(200);
  });

  test('When the role changes or the password is reset, Then the account acts with the new role and only the new password', async () => {
    const other = await newAdmin('finance');
    await bff.api.put(`/api/admin/admins/${other.id}`, { role: 'admin' }, { token: root });
    expect((await bff.api.get('/api/admin/admins', other.token)).status).toBe(200);
    const reset = await bff.api.post(
      `/api/admin/admins/${other.id}/reset-password`,
      { password: 'a new password 1' },
      { token: root },
    );
    expect(reset.status).toBe(200);
    expect((await bff.api.post('/api/admin/login', { username: other.username, password })).status).toBe(401);
    expect(
      (await bff.api.post('/api/admin/login', { username: other.username, password: 'a new password 1' })).status,
    ).toBe(200);
    const audit = (await bff.api.get('/api/admin/audit-log?limit=100', root)).body.items;
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'admin.update',
        targetId: other.id,
        before: { role: 'finance', disabled: false },
        after: { role: 'admin', disabled: false },
      }),
    );
    expect(JSON.stringify(audit)).not.toContain('a new password 1');
  });

  test('When a username is taken or the admin unknown, Then 409 ADMIN_USERNAME_EXISTS / 404 ADMIN_NOT_FOUND', async () => {
    const taken = await bff.api.post(
      '/api/admin/admins',
      { username: 'root', password, role: 'admin' },
      { token: root },
    );
    expect([taken.status, taken.body.error.code]).toEqual([409, 'ADMIN_USERNAME_EXISTS']);
    const unknown = await bff.api.put('/api/admin/admins/NOPE', { disabled: true }, { token: root });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'ADMIN_NOT_FOUND']);
  });
});

describe('Maker/checker', () => {
  test('When an adjustment is within the threshold, Then it applies at once (200)', async () => {
    const member = await createMember(bff);
    const res = await adjust(root, member, 100);
    expect(res.status).toBe(200);
    expect(await points(member)).toBe(100);
  });

  test('When an adjustment is above the threshold, Then 202 with a pending approval and nothing moves; the requester cannot approve it', async () => {
    const member = await createMember(bff);
    const res = await adjust(root, member, 500);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: 'pending',
      approval: { kind: 'member.adjust', status: 'pending', targetId: member.id },
    });
    expect(await points(member)).toBe(0);
    const self = await bff.api.post(`/api/admin/approvals/${res.body.approvalId}/approve`, {}, { token: root });
    expect([self.status, self.body.error.code]).toEqual([403, 'SELF_APPROVAL']);
    expect(await points(member)).toBe(0);
    const pending = await bff.api.get('/api/admin/approvals?status=pending', root);
    expect(pending.body.items.map((a: { id: string }) => a.id)).toContain(res.body.approvalId);
  });

  test('When two admins approve the same request at once, Then it applies exactly once and the other gets 409 APPROVAL_NOT_PENDING', async () => {
    const member = await createMember(bff);
    const [checkerA, checkerB] = [await newAdmin('admin'), await newAdmin('admin')];
    const requested = await adjust(root, member, 700);
    const id = requested.body.approvalId;
    const answers = await Promise.all(
      [checkerA, checkerB].map((c) =>
        bff.api.post(`/api/admin/approvals/${id}/approve`, { note: 'ok' }, { token: c.token }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body.error.code).toBe('APPROVAL_NOT_PENDING');
    expect(answers.find((a) => a.status === 200)!.body).toMatchObject({ status: 'approved', result: { points: 700 } });
    expect(await points(member)).toBe(700);
    const [moved] = await sql<{ n: string }>(
      "SELECT COUNT(*) AS n FROM ledger_transfers WHERE cause_id = ? AND kind = 'ADJUST'",
      [id],
    );
    expect(Number(moved.n)).toBe(1);
    const again = await bff.api.post(`/api/admin/approvals/${id}/approve`, {}, { token: checkerA.token });
    expect(again.status).toBe(409);
    const audit = (await bff.api.get('/api/admin/audit-log?limit=100', root)).body.items;
    expect(audit).toContainEqual(expect.objectContaining({ action: 'approval.request', targetId: member.id }));
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'approval.approve',
        targetId: id,
        before: expect.objectContaining({ status: 'pending' }),
      }),
    );
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'member.adjust',
        targetId: member.id,
        before: { points: 0, storedValueFen: 0 },
        after: expect.objectContaining({ points: 700 }),
      }),
    );
  });

  test('When a request is rejected, Then nothing moves and it can no longer be approved', async () => {
    const member = await createMember(bff);
    const checker = await newAdmin('admin');
    const id = (await adjust(root, member, -5_000)).body.approvalId;
    const rejected = await bff.api.post(
      `/api/admin/approvals/${id}/reject`,
      { note: 'no reason given' },
      { token: checker.token },
    );
    expect(rejected.body).toMatchObject({ status: 'rejected', note: 'no reason given', decidedBy: checker.id });
    expect((await bff.api.post(`/api/admin/approvals/${id}/approve`, {}, { token: checker.token })).status).toBe(409);
    expect(await points(member)).toBe(0);
    expect((await bff.api.post('/api/admin/approvals/NOPE/approve', {}, { token: checker.token })).status).toBe(404);
  });

  test('When HQ pages through the queues, Then each page is newest first with an opaque cursor, and a cursor the list did not hand out is 400', async () => {
    const member = await createMember(bff);
    const ids: string[] = [];
    for (const amount of [301, 302, 303]) ids.push((await adjust(root, member, amount)).body.approvalId);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Array<{ id: string }>; nextCursor: string | null } } =
        await bff.api.get(`/api/admin/approvals?status=pending&limit=1${cursor ? `&cursor=${cursor}` : ''}`, root);
      expect(page.status).toBe(200);
      expect(page.body.items).toHaveLength(1);
      seen.push(page.body.items[0].id);
      cursor = page.body.nextCursor;
      if (cursor) expect(cursor).not.toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
    } while (cursor && seen.length < 100);
    // The three just requested are the newest pending ones, newest first, each seen once.
    expect(seen.slice(0, 3)).toEqual([ids[2], ids[1], ids[0]]);
    expect(new Set(seen).size).toBe(seen.length);
    for (const list of ['approvals', 'risk-alerts']) {
      for (const bad of [ids[0], 'not-a-cursor', Buffer.from('{"l":"audit","k":["x"]}').toString('base64url')]) {
        const res = await bff.api.get(`/api/admin/${list}?cursor=${bad}`, root);
        expect([list, bad, res.status, res.body.error?.code]).toEqual([list, bad, 400, 'VALIDATION_FAILED']);
      }
    }
  });

  test('When points expired within the grace period, Then reinstating waits for a second admin and gives them back once', async () => {
    const member = await createMember(bff);
    const checker = await newAdmin('admin');
    const lotId = await inTransaction(
      bff.db.dataSource,
      async (tx) =>
        (
          await earnPoints(tx, {
            memberId: member.id,
            storeId: null,
            points: 80,
            idempotencyKey: newKey(),
            earnedAt: clock.now(),
            expiresAt: new Date(clock.now().getTime() + DAY),
          })
        ).lotId!,
    );
    const early = await bff.api.post(
      `/api/admin/members/${member.id}/reinstate`,
      { lotId, reason: 'x' },
      { token: root },
    );
    expect([early.status, early.body.error.code]).toEqual([409, 'LOT_NOT_REINSTATABLE']);
    clock.advance(2 * DAY);
    await bff.api.post('/api/admin/jobs/expire-points/run', {}, { token: root });
    expect(await points(member)).toBe(0);
    const asked = await bff.api.post(
      `/api/admin/members/${member.id}/reinstate`,
      { lotId, reason: 'store closed' },
      { token: root },
    );
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ kind: 'points.reinstate', status: 'pending', request: { points: 80 } });
    expect(await points(member)).toBe(0);
    const approved = await bff.api.post(`/api/admin/approvals/${asked.body.id}/approve`, {}, { token: checker.token });
    expect(approved.status).toBe(200);
    expect(await points(member)).toBe(80);
    const twice = await bff.api.post(
      `/api/admin/members/${member.id}/reinstate`,
      { lotId, reason: 'again' },
      { token: root },
    );
    await bff.api.post(`/api/admin/approvals/${twice.body.id}/approve`, {}, { token: checker.token });
    expect(await points(member)).toBe(80); // the ledger key reinstate:<lot> gives a lot back once
    clock.advance(40 * DAY);
    const late = await bff.api.post(
      `/api/admin/members/${member.id}/reinstate`,
      { lotId, reason: 'late' },
      { token: root },
    );
    expect([late.status, late.body.error.code]).toEqual([409, 'LOT_NOT_REINSTATABLE']);
    const stranger = await createMember(bff);
    const wrong = await bff.api.post(
      `/api/admin/members/${stranger.id}/reinstate`,
      { lotId, reason: 'x' },
      { token: root },
    );
    expect([wrong.status, wrong.body.error.code]).toEqual([404, 'LOT_NOT_FOUND']);
  });
});

describe('The last HQ admin', () => {
  test('When every other HQ admin is disabled, Then the last one can neither disable nor demote itself (409 LAST_ADMIN)', async () => {
    const me = (await bff.api.get('/api/admin/me', root)).body;
    const all = (await bff.api.get('/api/admin/admins?limit=100', root)).body.items;
    for (const a of all) {
      if (a.id !== me.id && a.role === 'admin' && !a.disabled) {
        expect((await bff.api.put(`/api/admin/admins/${a.id}`, { disabled: true }, { token: root })).status).toBe(200);
      }
    }
    for (const body of [{ disabled: true }, { role: 'finance' }]) {
      const res = await bff.api.put(`/api/admin/admins/${me.id}`, body, { token: root });
      expect([res.status, res.body.error.code]).toEqual([409, 'LAST_ADMIN']);
    }
  });
});
