import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorStatuses, WEBHOOK_EVENT_TYPES } from '@tongka/shared-types';
import {
  createAdminToken,
  createMember,
  grantPoints,
  MovableClock,
  topUp,
  twoStores,
} from '../support/instore-fixtures';
import { clientFor, gunCode, issueKey, type PosKeyPair, rawSigned } from '../support/pos-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

// Monday 2026-11-23, 12:00 in Shanghai.
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let storeA: string;
let storeB: string;
let admin: string;
let keyA: PosKeyPair;
let keyB: PosKeyPair;

const count = async (table: string) =>
  Number((await bff.db.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  ({ storeA, storeB, admin } = await twoStores(bff));
  keyA = await issueKey(bff, admin, storeA, '1号收银台');
  keyB = await issueKey(bff, admin, storeB);
});
afterAll(() => bff?.close());

async function scanBody(memberCodeFor = createMember) {
  const member = await memberCodeFor(bff);
  return { member, body: JSON.stringify({ code: await gunCode(bff, member) }) };
}

describe('Signed POS requests', () => {
  test('When a request is signed as documented, Then the scan answers the member and balances', async () => {
    const member = await createMember(bff);
    await topUp(bff, member.id, storeA, 2_000);
    await grantPoints(bff, member.id, storeA, 300);
    const body = JSON.stringify({ code: await gunCode(bff, member) });
    const res = await rawSigned(bff, keyA, { path: '/api/pos/scan', body });
    expect(res.status).toBe(200);
    expect(res.body.member).toMatchObject({ id: member.id, points: 300, storedValueFen: 2_000 });
  });

  test('When the key id is unknown, Then 401 POS_KEY_UNKNOWN and nothing is scanned', async () => {
    const { body } = await scanBody();
    const before = await count('scans');
    const res = await rawSigned(bff, keyA, { path: '/api/pos/scan', body, keyId: '01JUNKNOWNKEY0000000000000' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('POS_KEY_UNKNOWN');
    const none = await fetch(`${bff.url}/api/pos/checkouts`);
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe('POS_KEY_UNKNOWN');
    expect(await count('scans')).toBe(before);
  });

  test('When signed with another secret, Then 401 POS_SIGNATURE_INVALID', async () => {
    const { body } = await scanBody();
    const res = await rawSigned(bff, keyA, { path: '/api/pos/scan', body, secret: keyB.secret });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('POS_SIGNATURE_INVALID');
  });

  test('When the body differs from the signed one, Then 401 POS_SIGNATURE_INVALID and nothing is scanned', async () => {
    const { body } = await scanBody();
    const before = await count('scans');
    const res = await rawSigned(bff, keyA, { path: '/api/pos/scan', body, signedBody: body.replace('{', '{ ') });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('POS_SIGNATURE_INVALID');
    const otherQuery = await rawSigned(bff, keyA, { method: 'GET', path: '/api/pos/checkouts?date=2026-11-22' });
    expect(otherQuery.status).toBe(200);
    expect(await count('scans')).toBe(before);
  });

  test('When the path, the query or the method differs from the signed one, or the nonce is malformed, Then 401 POS_SIGNATURE_INVALID', async () => {
    const day = { method: 'GET', path: '/api/pos/checkouts?date=2026-11-23' };
    const query = await rawSigned(bff, keyA, { ...day, signedPath: '/api/pos/checkouts?date=2026-11-22' });
    const method = await rawSigned(bff, keyA, { ...day, signedMethod: 'POST' });
    const nonce = await rawSigned(bff, keyA, { ...day, nonce: 'short' });
    for (const res of [query, method, nonce]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('POS_SIGNATURE_INVALID');
    }
  });

  test('When the same nonce comes twice, Then the second is 401 POS_NONCE_REPLAYED', async () => {
    const first = await rawSigned(bff, keyA, { method: 'GET', path: '/api/pos/checkouts', nonce: 'nonce-replay-1' });
    expect(first.status).toBe(200);
    const again = await rawSigned(bff, keyA, {
      method: 'GET',
      path: '/api/pos/checkouts',
      nonce: 'nonce-replay-1',
      timestamp: first.timestamp,
    });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('POS_NONCE_REPLAYED');
    // The same nonce from another key is that key's own.
    expect(
      (await rawSigned(bff, keyB, { method: 'GET', path: '/api/pos/checkouts', nonce: 'nonce-replay-1' })).status,
    ).toBe(200);
  });

  test('When the timestamp is more than 5 minutes off, Then 401 POS_TIMESTAMP_SKEWED; 4 minutes is fine', async () => {
    const nowS = Math.floor(clock.now().getTime() / 1000);
    for (const skew of [-301, 301]) {
      const res = await rawSigned(bff, keyA, {
        method: 'GET',
        path: '/api/pos/checkouts',
        timestamp: String(nowS + skew),
      });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('POS_TIMESTAMP_SKEWED');
    }
    const bad = await rawSigned(bff, keyA, { method: 'GET', path: '/api/pos/checkouts', timestamp: 'yesterday' });
    expect(bad.body.error.code).toBe('POS_TIMESTAMP_SKEWED');
    for (const skew of [-240, 240]) {
      const res = await rawSigned(bff, keyA, {
        method: 'GET',
        path: '/api/pos/checkouts',
        timestamp: String(nowS + skew),
      });
      expect(res.status).toBe(200);
    }
  });

  test('When a nonce is older than the window, Then it is forgotten (and its request would be stale anyway)', async () => {
    await rawSigned(bff, keyA, { method: 'GET', path: '/api/pos/checkouts', nonce: 'nonce-to-expire' });
    clock.advance(11 * 60_000);
    await rawSigned(bff, keyA, { method: 'GET', path: '/api/pos/checkouts' });
    const left = await bff.db.dataSource.query("SELECT COUNT(*) AS n FROM pos_nonces WHERE nonce = 'nonce-to-expire'");
    expect(Number(left[0].n)).toBe(0);
  });

  test("When store B's key acts, Then it cannot touch store A's checkouts", async () => {
    const pos = clientFor(bff, keyA);
    const member = await createMember(bff);
    const scan = await pos.scan(await gunCode(bff, member));
    const sale = await pos.checkout('A-CROSS-1', { scanId: scan.body.scanId, amountFen: 1_000 });
    expect(sale.status).toBe(201);
    const other = clientFor(bff, keyB);
    const refund = await other.refund(sale.body.checkoutId, 'B-R-1');
    expect(refund.status).toBe(404);
    expect(refund.body.error.code).toBe('CHECKOUT_NOT_FOUND');
    const useScan = await other.checkout('B-CROSS-1', { scanId: scan.body.scanId, amountFen: 500 });
    expect(useScan.status).toBeGreaterThanOrEqual(400);
    expect(useScan.status).toBeLessThan(500);
    const day = await other.day();
    expect(day.body.items.map((item: { checkoutId: string }) => item.checkoutId)).not.toContain(sale.body.checkoutId);
    const refunds = await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM checkout_refunds WHERE checkout_id = ?', [
      sale.body.checkoutId,
    ]);
    expect(Number(refunds[0].n)).toBe(0);
  });
});

describe('The OpenAPI document', () => {
  test('When it is fetched, Then the POS routes name the posSignature scheme and HQ routes the bearer', async () => {
    const doc = (await bff.api.get('/openapi.json')).body;
    expect(doc.components.securitySchemes.posSignature).toMatchObject({ type: 'apiKey', in: 'header' });
    expect(doc.paths['/api/pos/checkouts'].post.security).toEqual([{ posSignature: [] }]);
    expect(doc.paths['/api/pos/scan'].post.security).toEqual([{ posSignature: [] }]);
    expect(doc.paths['/api/admin/stores/{id}/api-keys'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/admin/webhooks/deliveries'].get).toBeDefined();
  });

  test('When a vendor reads docs/pos-api.md, Then every POS route, webhook event and POS error code has its example or row', async () => {
    const page = readFileSync(join(__dirname, '../../docs/pos-api.md'), 'utf8');
    const paths = (await bff.api.get('/openapi.json')).body.paths as Record<string, Record<string, unknown>>;
    const routes = Object.entries(paths)
      .filter(([path]) => path.startsWith('/api/pos/'))
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `#### ${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
    expect(routes.length).toBe(9);
    for (const heading of routes) expect(page).toContain(heading);
    for (const type of WEBHOOK_EVENT_TYPES) expect(page).toContain(`"type": "${type}"`);
    const codes = Object.keys(errorStatuses).filter(
      (code) => code.startsWith('POS_') || code.startsWith('MEMBER_APPROVAL_') || code.startsWith('PAYMENT_PIN_'),
    );
    for (const code of codes.filter((c) => c !== 'POS_KEY_NOT_FOUND')) expect(page).toContain(`\`${code}\``);
  });
});

describe('Keys issued by HQ', () => {
  test('When a key is revoked, Then its requests are 401 POS_KEY_REVOKED, and revoking again changes nothing', async () => {
    const key = await issueKey(bff, admin, storeA, 'old till');
    expect((await rawSigned(bff, key, { method: 'GET', path: '/api/pos/checkouts' })).status).toBe(200);
    const revoked = await bff.api.request('DELETE', `/api/admin/stores/${storeA}/api-keys/${key.keyId}`, {
      token: admin,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBe(clock.now().toISOString());
    const res = await rawSigned(bff, key, { method: 'GET', path: '/api/pos/checkouts' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('POS_KEY_REVOKED');
    const again = await bff.api.request('DELETE', `/api/admin/stores/${storeA}/api-keys/${key.keyId}`, {
      token: admin,
    });
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    const elsewhere = await bff.api.request('DELETE', `/api/admin/stores/${storeB}/api-keys/${key.keyId}`, {
      token: admin,
    });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('POS_KEY_NOT_FOUND');
  });

  test('When HQ rotates a key, Then both keys work during the switch and only the new one after', async () => {
    const storeC = await twoStores(bff);
    const oldKey = await issueKey(bff, admin, storeC.storeA, 'till v1');
    const newKey = await issueKey(bff, admin, storeC.storeA, 'till v2');
    expect((await rawSigned(bff, oldKey, { method: 'GET', path: '/api/pos/checkouts' })).status).toBe(200);
    const usedAt = clock.now().toISOString();
    expect((await rawSigned(bff, newKey, { method: 'GET', path: '/api/pos/checkouts' })).status).toBe(200);
    const list = await bff.api.get(`/api/admin/stores/${storeC.storeA}/api-keys`, admin);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ keyId: oldKey.keyId, name: 'till v1', lastUsedAt: usedAt, revokedAt: null }),
      expect.objectContaining({ keyId: newKey.keyId, name: 'till v2', lastUsedAt: usedAt, revokedAt: null }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain(oldKey.secret);
    // A sale rung up on the old key whose answer the till lost is answered again on the new key.
    const member = await createMember(bff);
    const scan = await clientFor(bff, oldKey).scan(await gunCode(bff, member));
    const order = { scanId: scan.body.scanId, amountFen: 2_000 };
    const sale = await clientFor(bff, oldKey).checkout('ROT-0001', order);
    expect(sale.status).toBe(201);
    await bff.api.request('DELETE', `/api/admin/stores/${storeC.storeA}/api-keys/${oldKey.keyId}`, { token: admin });
    expect((await rawSigned(bff, oldKey, { method: 'GET', path: '/api/pos/checkouts' })).status).toBe(401);
    expect((await rawSigned(bff, newKey, { method: 'GET', path: '/api/pos/checkouts' })).status).toBe(200);
    const again = await clientFor(bff, newKey).checkout('ROT-0001', order);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(sale.body);
  });

  test('When the secret is stored, Then it is not in clear in the database', async () => {
    const rows = await bff.db.dataSource.query('SELECT secret_enc FROM pos_api_keys WHERE id = ?', [keyA.keyId]);
    expect(rows[0].secret_enc).not.toContain(keyA.secret);
  });

  test('When a key request is bad, Then 4xx and nothing is written', async () => {
    const before = await count('pos_api_keys');
    const member = await createMember(bff);
    const asMember = await bff.api.post(`/api/admin/stores/${storeA}/api-keys`, { name: 'x' }, { token: member.token });
    expect(asMember.status).toBe(403);
    expect((await bff.api.post(`/api/admin/stores/${storeA}/api-keys`, { name: 'x' })).status).toBe(401);
    const noStore = await bff.api.post(
      '/api/admin/stores/01JNOSTORE0000000000000000/api-keys',
      { name: 'x' },
      { token: admin },
    );
    expect(noStore.status).toBe(404);
    expect(noStore.body.error.code).toBe('STORE_NOT_FOUND');
    const noName = await bff.api.post(`/api/admin/stores/${storeA}/api-keys`, { name: ' ' }, { token: admin });
    expect(noName.status).toBe(400);
    const extra = await bff.api.post(
      `/api/admin/stores/${storeA}/api-keys`,
      { name: 'x', secret: 'mine' },
      { token: admin },
    );
    expect(extra.status).toBe(400);
    expect(await count('pos_api_keys')).toBe(before);
    expect(await createAdminToken(bff)).toBeTruthy();
  });
});
