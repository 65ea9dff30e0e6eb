import { randomBytes } from 'node:crypto';
import { inTransaction } from '../../bff/src/db/tx';
import { createAdmin } from '../../bff/src/domain/admins/create-admin';
import { type RunningBff, startBff } from '../../bff/src/server';
import { ApiClient, bootTestBff, type TestBff } from '../support/test-bff';

/**
 * Issue #10, finding 1: the admin lock-out was a read, a hash and a write in separate steps (40
 * parallel guesses were all checked and the right one got a token), counted per username only
 * (anyone could lock an admin out), and unknown usernames were never counted. Now each attempt
 * takes a point from counters in the rate-limit store before the hash, per username and client,
 * per client and per username, in memory for one instance and in Redis across instances.
 */
const runPrefix = `tk-test-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

async function addAdmin(bff: TestBff, username: string, password: string): Promise<void> {
  await inTransaction(bff.deps.dataSource, (tx) =>
    createAdmin(tx, { username, password, now: new Date(), actor: { type: 'system', id: 'test' } }),
  );
}

function login(api: ApiClient, username: string, password: string, client = '203.0.113.10') {
  return api.request('POST', '/api/admin/login', {
    body: { username, password },
    headers: { 'x-forwarded-for': client },
  });
}

describe('Admin sign-in throttling on one instance', () => {
  let bff: TestBff;
  beforeAll(async () => {
    // One proxy in front (the tests play it), so the client address comes from X-Forwarded-For.
    bff = await bootTestBff({ config: { TRUSTED_PROXY_HOPS: '1' } });
  });
  afterAll(() => bff?.close());

  test('When 40 guesses, one of them right, arrive at once from one client, Then at most 5 are checked and the rest are 429 with Retry-After', async () => {
    await addAdmin(bff, 'racer', 'right-password-1');
    const guesses = Array.from({ length: 40 }, (_, i) => (i === 20 ? 'right-password-1' : `wrong-${i}`));
    const answers = await Promise.all(guesses.map((password) => login(bff.api, 'racer', password)));
    const checked = answers.filter((a) => a.status === 401 || a.status === 200);
    expect(checked.length).toBeLessThanOrEqual(5);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(40 - checked.length);
    for (const answer of refused) {
      expect(answer.body.error.code).toBe('RATE_LIMITED');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Locked now, right password or not.
    expect((await login(bff.api, 'racer', 'right-password-1')).status).toBe(429);
  });

  test('When someone else fails 5 times for a username, Then its admin still signs in from their own client', async () => {
    await addAdmin(bff, 'target', 'target-password-1');
    for (let i = 0; i < 5; i++) expect((await login(bff.api, 'target', `nope-${i}`, '198.51.100.7')).status).toBe(401);
    expect((await login(bff.api, 'target', 'target-password-1', '198.51.100.7')).status).toBe(429);
    const own = await login(bff.api, 'target', 'target-password-1', '192.0.2.44');
    expect(own.status).toBe(200);
    expect(typeof own.body.token).toBe('string');
  });

  test('When one client sprays unknown usernames, Then it is throttled after 20 like a known one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await login(bff.api, `ghost-${i}`, 'whatever-1', '198.51.100.99')).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses[20]).toBe(429);
  });

  test('When the username is typed in other letter cases, Then the attempts count against the same account', async () => {
    await addAdmin(bff, 'casey', 'casey-password-1');
    for (const name of ['Casey', 'CASEY', 'casey', 'cAsey', 'caSEY']) {
      expect((await login(bff.api, name, 'wrong-one', '198.51.100.50')).status).toBe(401);
    }
    expect((await login(bff.api, 'casey', 'casey-password-1', '198.51.100.50')).status).toBe(429);
  });

  test('When the right password is given before the limit, Then the failures of that client are forgotten', async () => {
    await addAdmin(bff, 'forgetful', 'forgetful-password-1');
    for (let i = 0; i < 4; i++) await login(bff.api, 'forgetful', `wrong-${i}`, '198.51.100.60');
    expect((await login(bff.api, 'forgetful', 'forgetful-password-1', '198.51.100.60')).status).toBe(200);
    for (let i = 0; i < 4; i++) {
      expect((await login(bff.api, 'forgetful', `again-${i}`, '198.51.100.60')).status).toBe(401);
    }
  });

  test('When no proxy is trusted, Then a client cannot pick its own address with X-Forwarded-For', async () => {
    const direct = await bootTestBff();
    try {
      await addAdmin(direct, 'direct', 'direct-password-1');
      for (let i = 0; i < 5; i++) {
        expect((await login(direct.api, 'direct', `wrong-${i}`, `10.9.0.${i}`)).status).toBe(401);
      }
      expect((await login(direct.api, 'direct', 'direct-password-1', '10.9.0.200')).status).toBe(429);
    } finally {
      await direct.close();
    }
  });
});

describe('Admin sign-in throttling across two instances sharing Redis', () => {
  let first: TestBff;
  let second: RunningBff;
  let secondApi: ApiClient;
  beforeAll(async () => {
    first = await bootTestBff({
      config: { TRUSTED_PROXY_HOPS: '1', REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: runPrefix },
    });
    second = await startBff({ config: first.config, dataSource: first.db.dataSource });
    secondApi = new ApiClient(second.url);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  test('When failures are spread over both instances, Then the sixth attempt is refused on either', async () => {
    await addAdmin(first, 'shared', 'shared-password-1');
    for (let i = 0; i < 3; i++) expect((await login(first.api, 'shared', `wrong-a${i}`)).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await login(secondApi, 'shared', `wrong-b${i}`)).status).toBe(401);
    expect((await login(first.api, 'shared', 'shared-password-1')).status).toBe(429);
    const other = await login(secondApi, 'shared', 'shared-password-1');
    expect(other.status).toBe(429);
    expect(Number(other.headers.get('retry-after'))).toBeGreaterThan(800);
  });

  test('When 40 guesses are split between the instances at once, Then at most 5 are checked in all', async () => {
    await addAdmin(first, 'split', 'split-password-1');
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(i % 2 ? secondApi : first.api, 'split', `wrong-${i}`)),
    );
    expect(answers.filter((a) => a.status === 401).length).toBeLessThanOrEqual(5);
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(35);
  });
});
