import { ulid } from 'ulid';
import { execute, inTransaction, select } from '../../bff/src/db/tx';
import { startMemberImport } from '../../bff/src/domain/import/member-import-jobs';
import { dataCryptoOf } from '../../bff/src/domain/members/deps-helpers';
import { runJob } from '../../bff/src/jobs';
import type { FakeWechat } from '../../scripts/src/fake-wechat';
import {
  bindPhone,
  bootBffWithFakeWechat,
  createAdminToken,
  createStore,
  signInMember,
} from '../support/identity-fixtures';
import { checkout, createMember, createStaff, scanMember } from '../support/instore-fixtures';
import type { TestBff } from '../support/test-bff';

let bff: TestBff;
let fake: FakeWechat;
let admin: string;

beforeAll(async () => {
  ({ bff, fake } = await bootBffWithFakeWechat());
  admin = await createAdminToken(bff);
});
afterAll(async () => {
  await bff.close();
  await fake.close();
});

const db = () => bff.db.dataSource.manager;

describe('HQ member search', () => {
  test('When HQ searches by phone in any common spelling, Then the one member holding it answers, phone masked', async () => {
    const member = await signInMember(bff, fake, { openid: 'o-search-1' });
    await bindPhone(bff, fake, member.token, '13900000001');
    const res = await bff.api.get(`/api/admin/members?phone=${encodeURIComponent('+86 139-0000-0001')}`, admin);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ id: member.memberId, phoneMasked: '139****0001', status: 'active' });
    expect(JSON.stringify(res.body)).not.toContain('13900000001');
  });

  test('When the blind index no longer holds the phone, Then the search finds nothing (it reads the index, never decrypts every row)', async () => {
    const member = await signInMember(bff, fake, { openid: 'o-search-2' });
    await bindPhone(bff, fake, member.token, '13900000002');
    expect((await bff.api.get('/api/admin/members?phone=13900000002', admin)).body.items).toHaveLength(1);
    const [saved] = await select<{ phone_index: string }>(db(), 'SELECT phone_index FROM members WHERE id = ?', [
      member.memberId,
    ]);
    await execute(db(), 'UPDATE members SET phone_index = NULL WHERE id = ?', [member.memberId]);
    expect((await bff.api.get('/api/admin/members?phone=13900000002', admin)).body.items).toEqual([]);
    await execute(db(), 'UPDATE members SET phone_index = ? WHERE id = ?', [saved.phone_index, member.memberId]);
  });

  test('When the phone is not a mainland mobile, Then 400 INVALID_PHONE', async () => {
    const res = await bff.api.get('/api/admin/members?phone=12345', admin);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_PHONE');
  });

  test('When HQ searches by q, Then an exact member id or referral code matches, and a prefix does not', async () => {
    const member = await signInMember(bff, fake, { openid: 'o-search-3' });
    const byId = await bff.api.get(`/api/admin/members?q=${member.memberId}`, admin);
    expect(byId.body.items.map((m: { id: string }) => m.id)).toEqual([member.memberId]);
    const byCode = await bff.api.get(`/api/admin/members?q=${member.member.referralCode.toLowerCase()}`, admin);
    expect(byCode.body.items.map((m: { id: string }) => m.id)).toEqual([member.memberId]);
    const prefix = await bff.api.get(`/api/admin/members?q=${member.memberId.slice(0, 20)}`, admin);
    expect(prefix.body.items).toEqual([]);
  });

  test('When HQ lists without a filter, Then members come newest first, a page at a time', async () => {
    const first = await bff.api.get('/api/admin/members?limit=2', admin);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].id > first.body.items[1].id).toBe(true);
    const next = await bff.api.get(`/api/admin/members?limit=2&cursor=${first.body.nextCursor}`, admin);
    expect(next.body.items[0].id < first.body.items[1].id).toBe(true);
    expect((await bff.api.get('/api/admin/members?cursor=zzz', admin)).status).toBe(400);
  });

  test('When a member token calls the search, Then 403 and nothing is listed', async () => {
    const member = await signInMember(bff, fake, { openid: 'o-search-4' });
    const res = await bff.api.get('/api/admin/members', member.token);
    expect(res.status).toBe(403);
  });
});

describe('HQ member detail and ledger', () => {
  test('When a member was adjusted, Then the detail shows the balance and the ledger the movement with its reason', async () => {
    const member = await signInMember(bff, fake, { openid: 'o-detail-1' });
    const adjust = await bff.api.post(
      `/api/admin/members/${member.memberId}/adjust`,
      { asset: 'POINTS', amount: 25, reason: '补录积分' },
      { token: admin, idempotencyKey: ulid() },
    );
    expect(adjust.status).toBe(200);
    const detail = await bff.api.get(`/api/admin/members/${member.memberId}`, admin);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: member.memberId, points: 25, storedValueFen: 0, merges: [] });
    const ledger = await bff.api.get(`/api/admin/members/${member.memberId}/ledger?asset=POINTS`, admin);
    expect(ledger.body.items).toEqual([expect.objectContaining({ kind: 'ADJUST', amount: 25, note: '补录积分' })]);
    expect((await bff.api.get(`/api/admin/members/${ulid()}`, admin)).body.error.code).toBe('MEMBER_NOT_FOUND');
  });

  test('When two members bind one phone, Then the survivor lists the merge; after undo it shows when it was undone', async () => {
    const first = await signInMember(bff, fake, { openid: 'o-merge-1' });
    await bindPhone(bff, fake, first.token, '13900000010');
    const second = await signInMember(bff, fake, { openid: 'o-merge-2' });
    await bindPhone(bff, fake, second.token, '13900000010');
    const detail = await bff.api.get(`/api/admin/members/${first.memberId}`, admin);
    expect(detail.body.merges).toEqual([
      expect.objectContaining({ fromMemberId: second.memberId, toMemberId: first.memberId, undoneAt: null }),
    ]);
    const mergeId = detail.body.merges[0].id;
    expect((await bff.api.post(`/api/admin/merges/${mergeId}/undo`, {}, { token: admin })).status).toBe(200);
    const after = await bff.api.get(`/api/admin/members/${first.memberId}`, admin);
    expect(after.body.merges[0].undoneAt).toEqual(expect.any(String));
  });
});

describe('HQ searches the audit log', () => {
  test('When HQ filters by action or target id, Then only those entries come back, newest first, a page at a time', async () => {
    const member = await signInMember(bff, fake, { openid: 'o-audit-1' });
    for (const amount of [3, 4]) {
      await bff.api.post(
        `/api/admin/members/${member.memberId}/adjust`,
        { asset: 'POINTS', amount, reason: `audit ${amount}` },
        { token: admin, idempotencyKey: ulid() },
      );
    }
    const byTarget = await bff.api.get(`/api/admin/audit-log?targetId=${member.memberId}&limit=1`, admin);
    expect(byTarget.body.items).toEqual([
      expect.objectContaining({ action: 'member.adjust', targetId: member.memberId }),
    ]);
    const older = await bff.api.get(
      `/api/admin/audit-log?targetId=${member.memberId}&limit=1&cursor=${byTarget.body.nextCursor}`,
      admin,
    );
    expect(older.body.items[0].id < byTarget.body.items[0].id).toBe(true);
    expect(older.body.items[0].targetId).toBe(member.memberId);
    const byAction = await bff.api.get('/api/admin/audit-log?action=member.adjust&limit=100', admin);
    expect(byAction.body.items.length).toBeGreaterThanOrEqual(2);
    expect(byAction.body.items.every((item: { action: string }) => item.action === 'member.adjust')).toBe(true);
    expect((await bff.api.get('/api/admin/audit-log?actor=x', admin)).status).toBe(400);
  });
});

describe("HQ reads a store's orders", () => {
  test("When a store had a checkout today, Then HQ lists it with the day's totals; an unknown store is 404", async () => {
    const store = await createStore(bff, { code: 'HQ-ORD', name: '订单店' });
    const clerk = await createStaff(bff, store.id);
    const member = await createMember(bff);
    const scanId = await scanMember(bff, clerk, store.id, member);
    const done = await checkout(bff, clerk, store.id, { scanId, orderRef: 'HQ-ORD-1', amountFen: 1234 });
    expect(done.status).toBe(201);
    const res = await bff.api.get(`/api/admin/stores/${store.id}/checkouts`, admin);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({ orderRef: 'HQ-ORD-1', amountFen: 1234 })]);
    expect(res.body.totals).toMatchObject({ count: 1, amountFen: 1234 });
    expect((await bff.api.get(`/api/admin/stores/${ulid()}/checkouts`, admin)).status).toBe(404);
    expect((await bff.api.get(`/api/admin/stores/${store.id}/checkouts`, clerk.token)).status).toBe(403);
  });
});

describe('HQ rule history and earn preview', () => {
  test('When HQ saves the earn rule twice, Then both versions list newest first and the preview uses the latest', async () => {
    await bff.api.put('/api/admin/earn-rule', { pointsPerYuan: 1, minOrderFen: 0 }, { token: admin });
    await bff.api.put('/api/admin/earn-rule', { pointsPerYuan: 2, minOrderFen: 1000 }, { token: admin });
    const versions = await bff.api.get('/api/admin/rules/earn/versions?limit=1', admin);
    expect(versions.body.items).toEqual([
      expect.objectContaining({ version: 2, rule: { pointsPerYuan: 2, minOrderFen: 1000 } }),
    ]);
    const older = await bff.api.get(`/api/admin/rules/earn/versions?cursor=${versions.body.nextCursor}`, admin);
    expect(older.body.items.map((v: { version: number }) => v.version)).toEqual([1]);
    // ¥88.50 at 2 points per yuan: floor(88.50 × 2) = 177.
    const preview = await bff.api.post('/api/admin/earn-rule/preview', { amountFen: 8850 }, { token: admin });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ finalPoints: 177, earnRuleVersion: 2, noEarnReason: null });
    const below = await bff.api.post('/api/admin/earn-rule/preview', { amountFen: 999 }, { token: admin });
    expect(below.body).toMatchObject({ finalPoints: 0, noEarnReason: 'BELOW_MIN_ORDER' });
    expect((await bff.api.get('/api/admin/rules/coupon/versions', admin)).status).toBe(400);
  });

  test('When the preview runs, Then nothing is written', async () => {
    const before = await select(db(), 'SELECT COUNT(*) AS n FROM rule_versions');
    await bff.api.post('/api/admin/earn-rule/preview', { amountFen: 100, tier: 'gold' }, { token: admin });
    expect(await select(db(), 'SELECT COUNT(*) AS n FROM rule_versions')).toEqual(before);
  });
});

describe('HQ imports legacy members', () => {
  const FILE = [
    'phone,name,points,storedValueFen,registeredAt,tier',
    '13700000001,王,100,0,,',
    '13700000001,王again,5,0,,',
    '13700000002,李,20,0,,',
  ].join('\n');

  test('When HQ dry-runs a file, Then the report counts rows and duplicates and nothing is written; the run then imports', async () => {
    await createStore(bff, { code: 'POS-HQ', name: 'POS' });
    const dry = await bff.api.post('/api/admin/imports', { storeCode: 'POS-HQ', csv: FILE }, { token: admin });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ rows: 3, created: 2, pointsPosted: 120, dryRun: true });
    expect(dry.body.rejected).toEqual([expect.objectContaining({ line: 3, phone: '137****0001' })]);
    expect((await bff.api.get('/api/admin/members?phone=13700000001', admin)).body.items).toEqual([]);
    const run = await bff.api.post(
      '/api/admin/imports',
      { storeCode: 'POS-HQ', csv: FILE, dryRun: false },
      { token: admin },
    );
    expect(run.body).toMatchObject({ created: 2, pointsPosted: 120, dryRun: false });
    const found = await bff.api.get('/api/admin/members?phone=13700000001', admin);
    expect(found.body.items).toHaveLength(1);
    const unknown = await bff.api.post('/api/admin/imports', { storeCode: 'NOPE', csv: FILE }, { token: admin });
    expect(unknown.status).toBe(404);
  });
});

describe('HQ imports legacy members in the background', () => {
  // 250 good rows of 10 points and ¥1.00 each (lines 2..251), a repeat of the first phone (line 252)
  // and a bad phone (line 253): batches of 200 rows, so the run has two.
  const phone = (i: number) => `1370100${String(i).padStart(4, '0')}`;
  const FILE = [
    'phone,name,points,storedValueFen,registeredAt,tier',
    ...Array.from({ length: 250 }, (_, i) => `${phone(i)},会员${i},10,100,,`),
    `${phone(0)},重复,99,0,,`,
    '12345,坏号,1,0,,',
  ].join('\n');

  async function waitForImport(importId: string) {
    for (let i = 0; i < 300; i++) {
      const res = await bff.api.get(`/api/admin/member-imports/${importId}`, admin);
      if (res.body.status === 'done') return res.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the import did not finish');
  }

  test('When a run stops after the first batch, Then the status shows the rows done and the next run finishes it, posting each balance once', async () => {
    await createStore(bff, { code: 'POS-BG', name: '后台导入' });
    const started = await inTransaction(bff.db.dataSource, (tx) =>
      startMemberImport(tx, dataCryptoOf(bff.deps), {
        storeCode: 'POS-BG',
        csv: FILE,
        dryRun: false,
        adminId: 'test',
        now: new Date(),
      }),
    );
    // The two rejected at validation count as done at once.
    expect(started).toMatchObject({ status: 'running', totalRows: 252, doneRows: 2, created: 0 });
    const killed = runJob(bff.deps, 'import-members', {
      onProgress: (done) => {
        if (done >= 200) throw new Error('killed mid-run');
      },
    });
    await expect(killed).rejects.toThrow('killed mid-run');
    const halfway = await bff.api.get(`/api/admin/member-imports/${started.importId}`, admin);
    expect(halfway.body).toMatchObject({ status: 'running', doneRows: 202, created: 200, pointsPosted: 2_000 });

    const resumed = await bff.api.post('/api/admin/jobs/import-members/run', {}, { token: admin });
    expect(resumed.body).toEqual({ job: 'import-members', processed: 50 });
    const done = await bff.api.get(`/api/admin/member-imports/${started.importId}`, admin);
    expect(done.body).toMatchObject({
      status: 'done',
      totalRows: 252,
      doneRows: 252,
      created: 250,
      existing: 0,
      pointsPosted: 2_500,
      storedValueFenPosted: 25_000,
    });
    expect(done.body.rejected.map((row: { line: number }) => row.line)).toEqual([252, 253]);
    const [stored] = await select<{ rows_enc: string | null }>(
      db(),
      'SELECT rows_enc FROM member_imports WHERE id = ?',
      [started.importId],
    );
    expect(stored.rows_enc).toBeNull();

    // The same file again through the console: every member exists, no balance is posted twice.
    const again = await bff.api.post(
      '/api/admin/member-imports',
      { storeCode: 'POS-BG', csv: FILE, dryRun: false },
      { token: admin, idempotencyKey: 'bg-again' },
    );
    expect(again.status).toBe(202);
    expect(await waitForImport(again.body.importId)).toMatchObject({ doneRows: 252, created: 0, existing: 250 });
    const found = await bff.api.get(`/api/admin/members?phone=${phone(7)}`, admin);
    const detail = await bff.api.get(`/api/admin/members/${found.body.items[0].id}`, admin);
    expect(detail.body).toMatchObject({ points: 10, storedValueFen: 100 });
  });

  test('When HQ dry-runs in the background, Then the report counts the rows and nothing is written; a missing import is 404', async () => {
    await createStore(bff, { code: 'POS-DRY', name: '试运行' });
    const csv = [
      'phone,name,points,storedValueFen,registeredAt,tier',
      '13702000001,甲,30,0,,',
      '13702000002,乙,5,0,,',
    ].join('\n');
    const started = await bff.api.post(
      '/api/admin/member-imports',
      { storeCode: 'POS-DRY', csv },
      { token: admin, idempotencyKey: 'dry-1' },
    );
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ dryRun: true, totalRows: 2 });
    expect(await waitForImport(started.body.importId)).toMatchObject({
      doneRows: 2,
      created: 2,
      pointsPosted: 35,
      rejected: [],
    });
    expect((await bff.api.get('/api/admin/members?phone=13702000001', admin)).body.items).toEqual([]);
    expect((await bff.api.get('/api/admin/member-imports/01NOSUCHIMPORT', admin)).status).toBe(404);
    const unknown = await bff.api.post(
      '/api/admin/member-imports',
      { storeCode: 'NOPE', csv },
      { token: admin, idempotencyKey: 'dry-nope' },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('STORE_NOT_FOUND');
  });

  test('When the same upload is sent twice with one Idempotency-Key, Then one import starts and both answers match; another body under that key is 409, no key is 400', async () => {
    await createStore(bff, { code: 'POS-TWICE', name: '双击' });
    const csv = ['phone,name,points,storedValueFen,registeredAt,tier', '13703000001,甲,8,0,,'].join('\n');
    const count = async () =>
      Number((await select<{ n: string | number }>(db(), 'SELECT COUNT(*) AS n FROM member_imports')).at(0)?.n ?? 0);
    const before = await count();
    const body = { storeCode: 'POS-TWICE', csv, dryRun: true };
    const first = await bff.api.post('/api/admin/member-imports', body, { token: admin, idempotencyKey: 'twice-1' });
    const second = await bff.api.post('/api/admin/member-imports', body, { token: admin, idempotencyKey: 'twice-1' });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await count()).toBe(before + 1);

    const reused = await bff.api.post(
      '/api/admin/member-imports',
      { ...body, dryRun: false },
      { token: admin, idempotencyKey: 'twice-1' },
    );
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const keyless = await bff.api.post('/api/admin/member-imports', body, { token: admin });
    expect(keyless.status).toBe(400);
    expect(keyless.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect(await count()).toBe(before + 1);
    expect(await waitForImport(first.body.importId)).toMatchObject({ doneRows: 1, created: 1, pointsPosted: 8 });
  });
});
