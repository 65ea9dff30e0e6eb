import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import {
  checkout,
  countRows,
  createAdminToken,
  createMember,
  createStaff,
  createStore,
  grantPoints,
  newKey,
  scanMember,
  type TestMember,
} from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

/**
 * Issue #10, fuzz findings 7–15: each request the fuzzer sent is sent again and now gets a 4xx with
 * a code (never a 500), writes nothing, and the OpenAPI document says what the server enforces.
 */
let bff: TestBff;
let store: string;
let clerk: TestMember;
let admin: string;

beforeAll(async () => {
  bff = await bootTestBff();
  store = await createStore(bff, 'Edge store');
  clerk = await createStaff(bff, store);
  admin = await createAdminToken(bff);
});
afterAll(() => bff?.close());

const ledgerRows = () => countRows(bff, ['ledger_transfers', 'ledger_accounts', 'audit_log']);

describe('Finding 7: adjustments name a real store', () => {
  test('When storeId is longer than an id or names no store, Then 400 / 404 STORE_NOT_FOUND and no ledger row', async () => {
    const member = await createMember(bff);
    const before = await ledgerRows();
    const adjust = (storeId: string) =>
      bff.api.post(
        `/api/admin/members/${member.id}/adjust`,
        { asset: 'POINTS', amount: 50, reason: 'goodwill', storeId },
        { token: admin, idempotencyKey: newKey() },
      );
    const tooLong = await adjust('S'.repeat(27));
    expect([tooLong.status, tooLong.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const unknown = await adjust(ulid());
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'STORE_NOT_FOUND']);
    const lowerCase = await adjust(store.toLowerCase());
    expect(lowerCase.status).toBe(400);
    expect(await ledgerRows()).toEqual(before);
    expect((await adjust(store)).status).toBe(200);
  });
});

describe('Finding 8: category names are not object keys', () => {
  test.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'When an item of category %s meets an earn rule with category multipliers, Then it earns at 1x',
    async (category) => {
      await bff.api.put(
        `/api/admin/stores/${store}/earn-rule`,
        { pointsPerYuan: 1, minOrderFen: 0, categoryMultipliers: { 饮品: 2 } },
        { token: admin },
      );
      const member = await createMember(bff);
      const scanId = await scanMember(bff, clerk, store, member);
      const body = {
        scanId,
        orderRef: `CAT-${ulid()}`,
        amountFen: 3_000,
        items: [
          { category, amountFen: 1_000 },
          { category: '饮品', amountFen: 2_000 },
        ],
      };
      const preview = await bff.api.post(`/api/stores/${store}/checkouts/preview`, body, { token: clerk.token });
      expect(preview.status).toBe(200);
      const done = await checkout(bff, clerk, store, body);
      expect(done.status).toBe(201);
      // ¥10 at 1x + ¥20 at 2x = 50 points.
      expect(done.body.pointsEarned).toBe(50);
      expect(done.body.earnBreakdown.lines.map((line: { multiplier: number }) => line.multiplier)).toEqual([1, 2]);
    },
  );
});

describe('Finding 9: dates are real calendar days and periods run forwards', () => {
  test.each(['to=9999-12-31', 'to=2023-13-45', 'from=2024-02-30', 'from=0000-00-00', 'from=2026-03-02&to=2026-03-01'])(
    'When the settlement statement is asked for %s, Then 400 VALIDATION_FAILED',
    async (query) => {
      const answer = await bff.api.get(`/api/admin/settlements?${query}`, admin);
      expect([answer.status, answer.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    },
  );

  test('When only from is given and it is after today, Then 400 (the period would run backwards)', async () => {
    const answer = await bff.api.get('/api/admin/settlements?from=2999-01-01', admin);
    expect(answer.status).toBe(400);
  });

  test.each(['2026-02-31', '0000-00-00', '2026-00-10'])('When the day view is asked for %s, Then 400', async (date) => {
    const answer = await bff.api.get(`/api/stores/${store}/checkouts?date=${date}`, clerk.token);
    expect([answer.status, answer.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  test('When the dates are real and in order, Then the statement answers', async () => {
    expect((await bff.api.get('/api/admin/settlements?from=2024-02-29&to=2024-03-01', admin)).status).toBe(200);
  });
});

describe('Finding 11: a body of null is not an empty object', () => {
  test('When a refund is sent with the JSON body null, Then 400 and nothing is refunded', async () => {
    const member = await createMember(bff);
    const scanId = await scanMember(bff, clerk, store, member);
    const sale = await checkout(bff, clerk, store, { scanId, orderRef: `NULL-${ulid()}`, amountFen: 5_000 });
    expect(sale.status).toBe(201);
    const refund = await bff.api.request('POST', `/api/stores/${store}/checkouts/${sale.body.checkoutId}/refund`, {
      rawBody: 'null',
      token: clerk.token,
      idempotencyKey: newKey(),
    });
    expect([refund.status, refund.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await countRows(bff, ['checkout_refunds'])).toEqual({ checkout_refunds: 0 });
    const rotate = await bff.api.request('POST', '/api/me/member-code-secret/rotate', {
      rawBody: 'null',
      token: member.token,
    });
    expect(rotate.status).toBe(400);
  });
});

describe('Finding 12: points stay exact', () => {
  test('When the highest rates meet the largest order, Then the order earns the ceiling of 1,000,000,000 points', async () => {
    const big = await createStore(bff, 'Big rates');
    const bigClerk = await createStaff(bff, big);
    await bff.api.put(
      `/api/admin/stores/${big}/earn-rule`,
      {
        pointsPerYuan: 100,
        minOrderFen: 0,
        tierMultipliers: { basic: 100 },
        categoryMultipliers: { gold: 100 },
        campaigns: [{ name: 'all days', weekdays: [1, 2, 3, 4, 5, 6, 7], multiplier: 100 }],
      },
      { token: admin },
    );
    const member = await createMember(bff);
    const scanId = await scanMember(bff, bigClerk, big, member);
    const amountFen = 10_000_000_000;
    const sale = await checkout(bff, bigClerk, big, {
      scanId,
      orderRef: 'HUGE-1',
      amountFen,
      items: [{ category: 'gold', amountFen }],
    });
    expect(sale.status).toBe(201);
    expect(sale.body.pointsEarned).toBe(1_000_000_000);
    expect(sale.body.earnBreakdown.caps.applied).toEqual(['PER_ORDER']);
  });
});

describe('Finding 13: one cursor behaviour everywhere', () => {
  test.each([
    ['/api/admin/stores?cursor=', 'admin'],
    ['/api/admin/audit-log?cursor=', 'admin'],
    ['/api/me/ledger?asset=POINTS&cursor=', 'member'],
  ])('When %s gets a cursor it did not hand out, Then 400 VALIDATION_FAILED', async (path, who) => {
    const member = await createMember(bff);
    await grantPoints(bff, member.id, store, 5);
    const token = who === 'admin' ? admin : member.token;
    for (const cursor of ['garbage', 'zzz%20zzz', '01J0000000000000000000000Z', 'eyJsIjoib3RoZXIiLCJrIjpbIngiXX0']) {
      const answer = await bff.api.get(`${path}${cursor}`, token);
      expect([answer.status, answer.body.error?.code, cursor]).toEqual([400, 'VALIDATION_FAILED', cursor]);
    }
  });

  test('When a cursor from one list is used on another, Then 400', async () => {
    for (let i = 0; i < 3; i++) await createStore(bff, `Paged ${i}`);
    const page = await bff.api.get('/api/admin/stores?limit=1', admin);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    expect((await bff.api.get(`/api/admin/stores?limit=1&cursor=${page.body.nextCursor}`, admin)).status).toBe(200);
    expect((await bff.api.get(`/api/admin/audit-log?cursor=${page.body.nextCursor}`, admin)).status).toBe(400);
  });
});

describe('Finding 14: the OpenAPI document says what the server enforces', () => {
  test('When the document is read, Then amounts are at least 1 fen and the items-sum, rising-tier and id rules are stated', async () => {
    const doc = (await bff.api.get('/openapi.json')).body;
    const body = (path: string, method: string) =>
      doc.paths[path][method].requestBody.content['application/json'].schema;
    const checkoutBody = body('/api/stores/{storeId}/checkouts', 'post');
    expect(checkoutBody.properties.amountFen.minimum).toBe(1);
    expect(checkoutBody.description).toMatch(/items.*add up|sum of their amountFen must equal amountFen/);
    expect(body('/api/stores/{storeId}/checkouts/{checkoutId}/refund', 'post').properties.amountFen.minimum).toBe(1);
    expect(body('/api/admin/tier-rule', 'put').description).toMatch(/silverFen ≤ goldFen ≤ diamondFen/);
    const storeParam = doc.paths['/api/stores/{storeId}/scan'].post.parameters.find(
      (p: { name: string }) => p.name === 'storeId',
    );
    expect(storeParam.schema.pattern).toBeDefined();
    // And the server does what it says: 0 fen is refused.
    const member = await createMember(bff);
    const scanId = await scanMember(bff, clerk, store, member);
    const zero = await checkout(bff, clerk, store, { scanId, orderRef: `ZERO-${ulid()}`, amountFen: 0 });
    expect(zero.status).toBe(400);
  });
});

describe('Finding 15: oversized bodies and the fake WeChat flags', () => {
  /**
   * Sends a body in chunks and then reads the answer, as most HTTP clients do: it reports the status
   * it read and any error its writing met (a reset while sending is what the fuzzer's client saw).
   */
  function sendLarge(options: { bytes: number; declareLength: boolean }): Promise<{ status?: number; error?: string }> {
    const url = new URL(`${bff.url}/api/admin/stores`);
    return new Promise((resolve) => {
      const headers: Record<string, string | number> = {
        connection: 'close',
        'content-type': 'application/json',
        authorization: `Bearer ${admin}`,
      };
      if (options.declareLength) headers['content-length'] = options.bytes;
      const outcome: { status?: number; error?: string } = {};
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers });
      req.on('response', (res) => {
        outcome.status = res.statusCode;
        res.resume();
      });
      req.on('error', (error) => {
        outcome.error = (error as NodeJS.ErrnoException).code ?? error.message;
      });
      req.on('close', () => setTimeout(() => resolve(outcome), 50));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        if (outcome.error) return;
        if (sent >= options.bytes) {
          req.end();
          return;
        }
        const part = chunk.subarray(0, Math.min(chunk.length, options.bytes - sent));
        sent += part.length;
        req.write(part, () => setImmediate(pump));
      };
      pump();
    });
  }

  test('When a client sends 2 MB with a Content-Length, Then it reads a 413, not a reset', async () => {
    expect(await sendLarge({ bytes: 2 * 1024 * 1024, declareLength: true })).toEqual({ status: 413 });
  });

  test('When a client streams 2 MB chunked, Then it reads a 413, not a reset', async () => {
    expect(await sendLarge({ bytes: 2 * 1024 * 1024, declareLength: false })).toEqual({ status: 413 });
  });

  test('When `npm run fake-wechat -- --port 0` runs, Then it takes its own flags and listens', async () => {
    const root = join(__dirname, '..', '..');
    const keys = mkdtempSync(join(tmpdir(), 'tk-fake-keys-'));
    const child = spawn(
      process.execPath,
      [
        '--require',
        'tsx/cjs',
        join(root, 'scripts/src/cli.ts'),
        'fake-wechat',
        '--port',
        '0',
        '--keys',
        keys,
        '--quiet',
      ],
      { cwd: root, env: { PATH: process.env.PATH ?? '' } },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (data) => {
          out += String(data);
          const match = /listening on (http:\/\/\S+)/.exec(out);
          if (match) resolve(match[1]);
        });
        child.stderr.on('data', (data) => {
          err += String(data);
        });
        child.on('exit', (code) => reject(new Error(`fake-wechat exited ${code}: ${err}`)));
        setTimeout(() => reject(new Error(`no listening line: ${out} ${err}`)), 30_000);
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(url).not.toMatch(/:4100$/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
