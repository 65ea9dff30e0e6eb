import { randomBytes } from 'node:crypto';
import { type RunningBff, startBff } from '../../bff/src/server';
import type { FakeWechat } from '../../scripts/src/fake-wechat';
import { bootBffWithFakeWechat, signInMember } from '../support/identity-fixtures';
import {
  countRows,
  createMember,
  createStaff,
  createStore,
  memberCode,
  type TestMember,
} from '../support/instore-fixtures';
import { ApiClient, bootTestBff, type TestBff } from '../support/test-bff';

/**
 * Issue #10, finding 5: nothing limited member-code guessing at scan, WeChat logins (each junk
 * code is forwarded to WeChat) or phone binding. Each now answers 429 RATE_LIMITED with
 * Retry-After past its policy, before doing the work; scans count failures only.
 */
const runPrefix = `tk-test-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/** The member's code with its 8 TOTP digits replaced: right member-code id, wrong code. */
const wrongCode = (code: string, n: number) => `${code.slice(0, 10)}${String(n).padStart(8, '0')}`;

function scan(api: ApiClient, staff: TestMember, storeId: string, code: string) {
  return api.post(`/api/stores/${storeId}/scan`, { code }, { token: staff.token });
}

describe('Rate limits on one instance', () => {
  let bff: TestBff;
  let fake: FakeWechat;
  beforeAll(async () => {
    ({ bff, fake } = await bootBffWithFakeWechat({ config: { TRUSTED_PROXY_HOPS: '1' } }));
  });
  afterAll(async () => {
    await bff?.close();
    await fake?.close();
  });

  test('When someone guesses codes for one member, Then after 10 failures even the right code is 429 and no scan opens', async () => {
    const store = await createStore(bff, 'Guessed store');
    const clerk = await createStaff(bff, store);
    const victim = await createMember(bff);
    const right = await memberCode(bff, victim);
    for (let i = 0; i < 10; i++) {
      expect((await scan(bff.api, clerk, store, wrongCode(right, i))).body.error.code).toBe('INVALID_CODE');
    }
    const locked = await scan(bff.api, clerk, store, right);
    expect(locked.status).toBe(429);
    expect(locked.body.error).toMatchObject({ code: 'RATE_LIMITED', details: { policy: 'scan-member-code' } });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(500);
    expect(await countRows(bff, ['scans'])).toEqual({ scans: 0 });
    // Another member's code is not affected.
    const other = await createMember(bff);
    expect((await scan(bff.api, clerk, store, await memberCode(bff, other))).status).toBe(200);
  });

  test('When scans succeed, Then they do not count towards the limit', async () => {
    const store = await createStore(bff, 'Busy store');
    const clerk = await createStaff(bff, store);
    for (let i = 0; i < 70; i++) {
      const member = await createMember(bff);
      expect((await scan(bff.api, clerk, store, await memberCode(bff, member))).status).toBe(200);
    }
  });

  test('When one store scans 60 codes that open nothing within a minute, Then its next scan is 429', async () => {
    const store = await createStore(bff, 'Sprayed store');
    const clerk = await createStaff(bff, store);
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++)
      statuses.push((await scan(bff.api, clerk, store, `66${String(i).padStart(8, '0')}00000000`)).status);
    expect(statuses.slice(0, 60).every((status) => status === 400)).toBe(true);
    expect(statuses[60]).toBe(429);
    // Another store's tills are not affected.
    const elsewhere = await createStore(bff, 'Quiet store');
    const member = await createMember(bff);
    expect(
      (await scan(bff.api, await createStaff(bff, elsewhere), elsewhere, await memberCode(bff, member))).status,
    ).toBe(200);
  });

  test('When one client sends 120 WeChat logins in a minute, Then the next is 429 and is not forwarded to WeChat', async () => {
    const client = '203.0.113.77';
    const send = (code: string) =>
      bff.api.request('POST', '/api/auth/wechat-login', { body: { code }, headers: { 'x-forwarded-for': client } });
    for (let i = 0; i < 120; i++) expect((await send(`junk-code-${i}`)).status).toBe(400);
    const refused = await send(fake.issueLoginCode('o-real-person'));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    // The code was not spent at WeChat: the same person signs in from their own network.
    const own = await bff.api.request('POST', '/api/auth/wechat-login', {
      body: { code: fake.issueLoginCode('o-real-person') },
      headers: { 'x-forwarded-for': '192.0.2.80' },
    });
    expect(own.status).toBe(200);
  });

  test('When a member tries 10 phone bindings in an hour, Then the 11th is 429', async () => {
    const member = await signInMember(bff, fake, { openid: 'o-phone-spammer' });
    for (let i = 0; i < 10; i++) {
      expect((await bff.api.post('/api/me/phone', { code: `junk-${i}` }, { token: member.token })).status).toBe(400);
    }
    const refused = await bff.api.post(
      '/api/me/phone',
      { code: fake.issuePhoneCode('13800138000') },
      { token: member.token },
    );
    expect(refused.status).toBe(429);
    expect(refused.body.error.details.policy).toBe('phone-bind');
  });
});

describe('Scan guessing across two instances sharing Redis', () => {
  let first: TestBff;
  let second: RunningBff;
  let secondApi: ApiClient;
  beforeAll(async () => {
    first = await bootTestBff({ config: { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: runPrefix } });
    second = await startBff({ config: first.config, dataSource: first.db.dataSource });
    secondApi = new ApiClient(second.url);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  test('When guesses for one code alternate between the instances, Then the 11th is refused on either', async () => {
    const store = await createStore(first, 'Two tills');
    const clerk = await createStaff(first, store);
    const victim = await createMember(first);
    const right = await memberCode(first, victim);
    for (let i = 0; i < 10; i++) {
      const api = i % 2 ? secondApi : first.api;
      expect((await scan(api, clerk, store, wrongCode(right, i))).status).toBe(400);
    }
    expect((await scan(first.api, clerk, store, right)).status).toBe(429);
    expect((await scan(secondApi, clerk, store, right)).status).toBe(429);
  });
});
