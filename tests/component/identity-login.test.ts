import { select } from '../../bff/src/db/tx';
import type { FakeWechat } from '../../scripts/src/fake-wechat';
import { bootBffWithFakeWechat, createStore, makeStaff, signInMember } from '../support/identity-fixtures';
import type { TestBff } from '../support/test-bff';

let bff: TestBff;
let fake: FakeWechat;

beforeAll(async () => {
  ({ bff, fake } = await bootBffWithFakeWechat());
});
afterAll(async () => {
  await bff.close();
  await fake.close();
});

const count = async (sql: string, params: unknown[] = []) =>
  Number((await select<{ n: number }>(bff.db.dataSource.manager, sql, params))[0].n);

describe('WeChat login', () => {
  test('When a new openid signs in, Then one member and one identity are created, and a second code finds the same member', async () => {
    const first = await signInMember(bff, fake, { openid: 'o-login-1' });
    expect(first.member).toEqual({
      id: expect.any(String),
      tier: 'basic',
      phoneBound: false,
      referralCode: expect.stringMatching(/^[2-9A-HJKMNP-Z]{8}$/),
    });
    expect(first.staff).toEqual([]);
    expect(JSON.stringify(first)).not.toMatch(/session/i);
    const second = await signInMember(bff, fake, { openid: 'o-login-1' });
    expect(second.memberId).toBe(first.memberId);
    expect(await count('SELECT COUNT(*) AS n FROM member_identities WHERE openid = ?', ['o-login-1'])).toBe(1);
    const [row] = await select<{ member_code_id: number; session_key_enc: string }>(
      bff.db.dataSource.manager,
      'SELECT m.member_code_id, i.session_key_enc FROM members m JOIN member_identities i ON i.member_id = m.id WHERE m.id = ?',
      [first.memberId],
    );
    expect(Number(row.member_code_id)).toBeLessThan(100_000_000);
    const sessionKey = fake.state.users.get('o-login-1')?.sessionKey as string;
    expect(row.session_key_enc).not.toContain(sessionKey);
    expect(bff.deps.dataCrypto?.decrypt(row.session_key_enc)).toBe(sessionKey);
  });

  test('When the token is used, Then GET-free member routes see the member (token resolves)', async () => {
    const member = await signInMember(bff, fake, { openid: 'o-login-token' });
    const bad = await bff.api.post('/api/staff/bind', { inviteCode: 'NOPE' }, { token: `${member.token}x` });
    expect(bad.status).toBe(401);
    const ok = await bff.api.post('/api/staff/bind', { inviteCode: 'NOPE' }, { token: member.token });
    expect(ok.body.error.code).toBe('INVITE_INVALID');
  });

  test('When a new openid arrives with a known unionid, Then it is linked to the existing member', async () => {
    const first = await signInMember(bff, fake, { openid: 'o-app-a', unionid: 'u-shared' });
    const second = await signInMember(bff, fake, { openid: 'o-app-b', unionid: 'u-shared' });
    expect(second.memberId).toBe(first.memberId);
    expect(await count('SELECT COUNT(*) AS n FROM member_identities WHERE member_id = ?', [first.memberId])).toBe(2);
  });

  test('When a new member brings a valid referral code and a store code, Then it is attributed once and homed there', async () => {
    const store = await createStore(bff, { code: 'LOGIN1', name: 'Login store' });
    const referrer = await signInMember(bff, fake, { openid: 'o-referrer' });
    const referee = await signInMember(bff, fake, {
      openid: 'o-referee',
      referralCode: referrer.member.referralCode,
      storeCode: 'LOGIN1',
    });
    const other = await signInMember(bff, fake, { openid: 'o-other' });
    // A later login with another referral code does not re-attribute.
    await signInMember(bff, fake, { openid: 'o-referee', referralCode: other.member.referralCode });
    const [row] = await select<{ referrer_id: string; home_store_id: string }>(
      bff.db.dataSource.manager,
      'SELECT referrer_id, home_store_id FROM members WHERE id = ?',
      [referee.memberId],
    );
    expect(row).toEqual({ referrer_id: referrer.memberId, home_store_id: store.id });
  });

  test('When the referral or store code is unknown, Then the member is created unattributed', async () => {
    const member = await signInMember(bff, fake, {
      openid: 'o-unknown-ref',
      referralCode: 'ZZZZZZZZ',
      storeCode: 'NOPE',
    });
    const [row] = await select<{ referrer_id: string | null; home_store_id: string | null }>(
      bff.db.dataSource.manager,
      'SELECT referrer_id, home_store_id FROM members WHERE id = ?',
      [member.memberId],
    );
    expect(row).toEqual({ referrer_id: null, home_store_id: null });
  });

  test('When the member holds store roles, Then login lists them', async () => {
    const store = await createStore(bff, { code: 'LOGIN2', name: 'Staff store' });
    const clerk = await signInMember(bff, fake, { openid: 'o-clerk' });
    await makeStaff(bff, { memberId: clerk.memberId, storeId: store.id, role: 'clerk' });
    const again = await signInMember(bff, fake, { openid: 'o-clerk' });
    expect(again.staff).toEqual([{ storeId: store.id, storeCode: 'LOGIN2', storeName: 'Staff store', role: 'clerk' }]);
  });

  test.each([
    [40029, 400, 'INVALID_WECHAT_CODE'],
    [45011, 429, 'WECHAT_RATE_LIMITED'],
    [40226, 403, 'WECHAT_USER_BLOCKED'],
    [-1, 503, 'WECHAT_UNAVAILABLE'],
  ])('When jscode2session answers %i, Then %i %s and no member is created', async (errcode, status, code) => {
    const before = await count('SELECT COUNT(*) AS n FROM members');
    fake.failNext({ path: '/sns/jscode2session', errcode });
    const response = await bff.api.post('/api/auth/wechat-login', { code: fake.issueLoginCode(`o-fail-${errcode}`) });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    if (status === 429) expect(response.headers.get('retry-after')).toBe('60');
    expect(await count('SELECT COUNT(*) AS n FROM members')).toBe(before);
  });

  test('When WeChat cannot be reached, Then 503 WECHAT_UNAVAILABLE', async () => {
    fake.failNext({ path: '/sns/jscode2session', reset: true });
    const response = await bff.api.post('/api/auth/wechat-login', { code: fake.issueLoginCode('o-reset') });
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('WECHAT_UNAVAILABLE');
  });

  test('When a code is replayed, Then 400 INVALID_WECHAT_CODE; unknown fields are 400 VALIDATION_FAILED', async () => {
    const code = fake.issueLoginCode('o-replay');
    expect((await bff.api.post('/api/auth/wechat-login', { code })).status).toBe(200);
    const replay = await bff.api.post('/api/auth/wechat-login', { code });
    expect(replay.body.error.code).toBe('INVALID_WECHAT_CODE');
    const extra = await bff.api.post('/api/auth/wechat-login', { code: 'x', admin: true });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('VALIDATION_FAILED');
  });

  test('When two first logins of one openid race, Then exactly one member exists', async () => {
    const codes = [fake.issueLoginCode('o-race'), fake.issueLoginCode('o-race')];
    const answers = await Promise.all(codes.map((code) => bff.api.post('/api/auth/wechat-login', { code })));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers[0].body.member.id).toBe(answers[1].body.member.id);
    expect(await count('SELECT COUNT(*) AS n FROM member_identities WHERE openid = ?', ['o-race'])).toBe(1);
  });
});
