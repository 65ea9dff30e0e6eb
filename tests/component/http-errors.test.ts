import { probeRoutes } from '../support/probe-routes';
import { bootTestBff, type TestBff } from '../support/test-bff';

let bff: TestBff;
beforeAll(async () => {
  bff = await bootTestBff({ extraRoutes: probeRoutes });
});
afterAll(() => bff?.close());

function expectErrorBody(response: { status: number; body: any; headers: Headers }, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
  expect(JSON.stringify(response.body)).not.toMatch(/at \w+ \(|node_modules|<html/i);
}

describe('HTTP error model', () => {
  test('When the JSON is malformed, Then 400 MALFORMED_JSON as a JSON error body', async () => {
    const res = await bff.api.request('POST', '/api/test/probe-writes', { rawBody: '{"note": ', idempotencyKey: 'k1' });
    expectErrorBody(res, 400, 'MALFORMED_JSON');
  });

  test('When the body is larger than the limit, Then 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await bff.api.request('POST', '/api/test/probe-writes', {
      rawBody: JSON.stringify({ note: 'x'.repeat(200_000), amountFen: 1 }),
      idempotencyKey: 'k2',
    });
    expectErrorBody(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  test('When the content type is not JSON, Then 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await bff.api.request('POST', '/api/test/probe-writes', {
      rawBody: 'note=hi',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      idempotencyKey: 'k3',
    });
    expectErrorBody(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('When the route does not exist, Then 404 NOT_FOUND as JSON', async () => {
    expectErrorBody(await bff.api.get('/api/no-such-thing'), 404, 'NOT_FOUND');
    expectErrorBody(await bff.api.get('/'), 404, 'NOT_FOUND');
  });

  test('When the method is wrong, Then 405 METHOD_NOT_ALLOWED', async () => {
    expectErrorBody(await bff.api.get('/api/test/probe-writes'), 405, 'METHOD_NOT_ALLOWED');
  });

  test('When a field has the wrong type or is unknown, Then 400 VALIDATION_FAILED naming the path', async () => {
    const wrongType = await bff.api.post(
      '/api/test/probe-writes',
      { note: 'a', amountFen: 1.5 },
      { idempotencyKey: 'k4' },
    );
    expectErrorBody(wrongType, 400, 'VALIDATION_FAILED');
    expect(wrongType.body.error.details.issues[0].path).toBe('body.amountFen');
    const unknown = await bff.api.post(
      '/api/test/probe-writes',
      { note: 'a', amountFen: 1, extra: true },
      { idempotencyKey: 'k5' },
    );
    expectErrorBody(unknown, 400, 'VALIDATION_FAILED');
    const negative = await bff.api.post(
      '/api/test/probe-writes',
      { note: 'a', amountFen: -1 },
      { idempotencyKey: 'k6' },
    );
    expectErrorBody(negative, 400, 'VALIDATION_FAILED');
  });

  test('When a bearer token is forged, Then 401 UNAUTHENTICATED on routes that need a caller', async () => {
    const res = await bff.api.request('GET', '/api/me', { headers: { authorization: 'Bearer not.a.token' } });
    expectErrorBody(res, 401, 'UNAUTHENTICATED');
  });

  test('When a route open to everyone gets a bad token, Then the token is ignored (a stale session can still sign in)', async () => {
    const res = await bff.api.request('GET', '/healthz', { headers: { authorization: 'Bearer not.a.token' } });
    expect(res.status).toBe(200);
  });

  test('When every request is answered, Then it carries an X-Request-Id', async () => {
    const res = await bff.api.get('/healthz');
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
  });
});
