import { bootTestBff, type TestBff } from '../support/test-bff';

let bff: TestBff;
beforeAll(async () => {
  bff = await bootTestBff();
});
afterAll(() => bff?.close());

describe('health and API documents', () => {
  test('When the database is up, Then /healthz answers ok with db up', async () => {
    const res = await bff.api.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, db: 'up' });
  });

  test('When /openapi.json is fetched, Then it documents the health route from the zod schemas', async () => {
    const res = await bff.api.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.0.3');
    const health = res.body.paths['/healthz'].get;
    expect(health.responses['200'].content['application/json'].schema.properties.db.enum).toEqual(['up', 'down']);
  });

  test('When /openapi.json is fetched, Then every engagement route is in it with its auth, body and answer', async () => {
    const { paths } = (await bff.api.get('/openapi.json')).body;
    const operations = [
      ['post', '/api/me/check-in'],
      ['get', '/api/me/check-ins'],
      ['get', '/api/me/points/gift-options'],
      ['post', '/api/me/points/gift'],
      ['get', '/api/me/birthday'],
      ['put', '/api/me/birthday'],
      ['put', '/api/me/payment-pin'],
      ['get', '/api/me/member-approvals'],
      ['post', '/api/me/member-approvals/{id}/approve'],
      ['post', '/api/me/member-approvals/{id}/reject'],
      ['post', '/api/stores/{storeId}/member-approvals'],
      ['get', '/api/stores/{storeId}/member-approvals/{id}'],
      ['post', '/api/stores/{storeId}/member-approvals/{id}/pin'],
      ['post', '/api/me/coupons/{id}/gift'],
      ['put', '/api/admin/check-in-rule'],
      ['put', '/api/admin/points-gift-rule'],
      ['put', '/api/admin/member-gift-rule'],
      ['put', '/api/admin/member-approval-rule'],
    ];
    for (const [method, path] of operations) {
      const operation = paths[path]?.[method];
      expect([method, path, operation !== undefined]).toEqual([method, path, true]);
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect(operation.responses['4XX']).toBeDefined();
    }
    // The idempotent writes name their key; the answers carry their fields.
    const checkIn = paths['/api/me/check-in'].post;
    expect(checkIn.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'Idempotency-Key' }));
    const checkInAnswer = checkIn.responses['200'].content['application/json'].schema;
    expect(Object.keys(checkInAnswer.properties)).toEqual(expect.arrayContaining(['pointsAwarded', 'streakDays']));
    const gift = paths['/api/me/points/gift'].post;
    expect(gift.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'Idempotency-Key' }));
    expect(Object.keys(gift.requestBody.content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['recipientCode', 'points']),
    );
    expect(gift.responses['201']).toBeDefined();
  });

  test('When /docs is opened, Then Swagger UI is served with its assets', async () => {
    const page = await fetch(`${bff.url}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('SwaggerUIBundle');
    const bundle = await fetch(`${bff.url}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
  });
});
