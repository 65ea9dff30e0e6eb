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

  test('When /docs is opened, Then Swagger UI is served with its assets', async () => {
    const page = await fetch(`${bff.url}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('SwaggerUIBundle');
    const bundle = await fetch(`${bff.url}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
  });
});
