import { memberCodeAt } from '@tongka/shared-types';
import {
  countRows,
  createMember,
  createStaff,
  createStore,
  grantPoints,
  MovableClock,
  memberCode,
  type TestMember,
} from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let storeA: string;
let storeB: string;
let clerkA: TestMember;

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  storeA = await createStore(bff, 'Store A');
  storeB = await createStore(bff, 'Store B');
  clerkA = await createStaff(bff, storeA);
});
afterAll(() => bff?.close());

const scan = (code: unknown, staff = clerkA, storeId = storeA) =>
  bff.api.post(`/api/stores/${storeId}/scan`, { code }, { token: staff.token });

describe('Member-code secret', () => {
  test('When fetched twice, Then the same 32-byte secret, stored encrypted', async () => {
    const member = await createMember(bff);
    const first = await bff.api.get('/api/me/member-code-secret', member.token);
    const second = await bff.api.get('/api/me/member-code-secret', member.token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      memberCodeId: member.memberCodeId,
      algorithm: 'TOTP-SHA256',
      digits: 8,
      period: 30,
      prefix: '66',
    });
    expect(Buffer.from(first.body.secret, 'base64url')).toHaveLength(32);
    expect(second.body.secret).toBe(first.body.secret);
    const [row] = await bff.db.dataSource.query('SELECT secret_enc FROM member_code_secrets WHERE member_id = ?', [
      member.id,
    ]);
    expect(row.secret_enc).not.toContain(first.body.secret);
  });

  test('When rotated, Then codes from the old secret stop working and a new code of the same step scans', async () => {
    const member = await createMember(bff);
    const before = await bff.api.get('/api/me/member-code-secret', member.token);
    const now = clock.now().getTime();
    expect((await scan(memberCodeAt(member.memberCodeId, before.body.secret, now))).status).toBe(200);
    const rotated = await bff.api.post('/api/me/member-code-secret/rotate', {}, { token: member.token });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(before.body.secret);
    const oldNext = memberCodeAt(member.memberCodeId, before.body.secret, now + 30_000);
    expect((await scan(oldNext)).body.error.code).toBe('INVALID_CODE');
    // Same TOTP step as the scan above, but from the new secret: not "already used".
    expect((await scan(memberCodeAt(member.memberCodeId, rotated.body.secret, now))).status).toBe(200);
  });

  test('When a new member’s app fetches the secret several times at once, Then every answer carries the one secret stored', async () => {
    const member = await createMember(bff);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => bff.api.get('/api/me/member-code-secret', member.token)),
    );
    expect(answers.map((res) => res.status)).toEqual(Array(6).fill(200));
    expect(new Set(answers.map((res) => res.body.secret)).size).toBe(1);
    const rows = await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM member_code_secrets WHERE member_id = ?', [
      member.id,
    ]);
    expect(Number(rows[0].n)).toBe(1);
  });

  test('When not signed in, Then 401', async () => {
    expect((await bff.api.get('/api/me/member-code-secret')).status).toBe(401);
  });
});

describe('Scan', () => {
  test('When a fresh code is scanned, Then a 10-minute scan with the member sheet', async () => {
    clock.advance(30_000);
    const member = await createMember(bff, { tier: 'silver' });
    await grantPoints(bff, member.id, storeB, 250);
    const res = await scan(await memberCode(bff, member));
    expect(res.status).toBe(200);
    expect(new Date(res.body.expiresAt).getTime()).toBe(clock.now().getTime() + 10 * 60_000);
    expect(res.body.member).toMatchObject({
      id: member.id,
      tier: 'silver',
      points: 250,
      storedValueFen: 0,
      pointsDebt: 0,
      coupons: [],
      homeStoreId: null,
    });
  });

  test('When the same code is scanned twice, Then 409 CODE_ALREADY_USED and one scan row', async () => {
    clock.advance(30_000);
    const member = await createMember(bff);
    const code = await memberCode(bff, member);
    const before = await countRows(bff, ['scans']);
    const results = await Promise.all([scan(code), scan(code), scan(code)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('CODE_ALREADY_USED');
    expect((await countRows(bff, ['scans'])).scans).toBe(before.scans + 1);
  });

  test('When the code is one step old or one step ahead, Then accepted; two steps old, Then 410 CODE_EXPIRED', async () => {
    const member = await createMember(bff);
    const now = clock.now().getTime();
    expect((await scan(await memberCode(bff, member, now - 30_000))).status).toBe(200);
    expect((await scan(await memberCode(bff, member, now + 30_000))).status).toBe(200);
    const old = await scan(await memberCode(bff, member, now - 90_000));
    expect(old.status).toBe(410);
    expect(old.body.error.code).toBe('CODE_EXPIRED');
  });

  test.each([
    ['malformed', '12345'],
    ['not digits', '66abcdefgh12345678'],
    ['unknown member-code id', '669999999912345678'],
    ['a number', 661234567812],
    ['missing', undefined],
  ])('When the code is %s, Then 4xx and no scan row', async (_name, code) => {
    const before = await countRows(bff, ['scans']);
    const res = await scan(code);
    expect(res.status).toBe(400);
    expect(['INVALID_CODE', 'VALIDATION_FAILED']).toContain(res.body.error.code);
    expect(await countRows(bff, ['scans'])).toEqual(before);
  });

  test('When the right member-code id carries a wrong TOTP, Then 400 INVALID_CODE', async () => {
    const member = await createMember(bff);
    const code = await memberCode(bff, member);
    const wrong = code.slice(0, 10) + String((Number(code.slice(10)) + 1) % 1e8).padStart(8, '0');
    expect((await scan(wrong)).body.error.code).toBe('INVALID_CODE');
  });

  test('When a merged or deleted member is scanned, Then it is said clearly', async () => {
    const merged = await createMember(bff);
    const survivor = await createMember(bff);
    const mergedCode = await memberCode(bff, merged);
    const deleted = await createMember(bff);
    const deletedCode = await memberCode(bff, deleted);
    await bff.db.dataSource.query("UPDATE members SET status = 'merged', merged_into_id = ? WHERE id = ?", [
      survivor.id,
      merged.id,
    ]);
    await bff.db.dataSource.query("UPDATE members SET status = 'deleted' WHERE id = ?", [deleted.id]);
    expect((await scan(mergedCode)).body.error.code).toBe('MEMBER_MERGED');
    expect((await scan(deletedCode)).body.error.code).toBe('MEMBER_NOT_FOUND');
  });

  test('When a blocked member is scanned, Then the sheet says so', async () => {
    const member = await createMember(bff, { spendBlocked: true });
    const res = await scan(await memberCode(bff, member));
    expect(res.body.member).toMatchObject({ spendBlocked: true, earnBlocked: false });
  });

  test('When the caller is not staff of the store, Then 403 NOT_STAFF_OF_STORE', async () => {
    const member = await createMember(bff);
    const res = await scan(await memberCode(bff, member), clerkA, storeB);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('NOT_STAFF_OF_STORE');
  });
});
