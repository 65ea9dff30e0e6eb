import { probeRoutes } from '../support/probe-routes';
import { bootTestBff, type TestBff } from '../support/test-bff';

let bff: TestBff;
beforeAll(async () => {
  bff = await bootTestBff({ extraRoutes: probeRoutes });
});
afterAll(() => bff?.close());

const rowsFor = async (note: string) =>
  Number((await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?', [note]))[0].n);
const storedKeys = async (key: string) =>
  Number((await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM idempotency_keys WHERE idem_key = ?', [key]))[0].n);

describe('Idempotency-Key', () => {
  test('When the same key and body are sent twice, Then the first response is replayed and the work ran once', async () => {
    const first = await bff.api.post(
      '/api/test/probe-writes',
      { note: 'replay', amountFen: 100 },
      { idempotencyKey: 'same-1' },
    );
    const second = await bff.api.post(
      '/api/test/probe-writes',
      { amountFen: 100, note: 'replay' },
      { idempotencyKey: 'same-1' },
    );
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await rowsFor('replay')).toBe(1);
    expect(await storedKeys('same-1')).toBe(1);
  });

  test('When the same key comes with a different body, Then 409 IDEMPOTENCY_KEY_REUSED and nothing runs', async () => {
    await bff.api.post('/api/test/probe-writes', { note: 'reuse', amountFen: 100 }, { idempotencyKey: 'same-2' });
    const other = await bff.api.post(
      '/api/test/probe-writes',
      { note: 'reuse', amountFen: 999 },
      { idempotencyKey: 'same-2' },
    );
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await rowsFor('reuse')).toBe(1);
  });

  test('When the header is missing, Then 400 IDEMPOTENCY_KEY_REQUIRED and nothing runs', async () => {
    const res = await bff.api.post('/api/test/probe-writes', { note: 'nokey', amountFen: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect(await rowsFor('nokey')).toBe(0);
  });

  test('When 20 requests with one key are in flight at once, Then exactly one executes and all get its answer', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        bff.api.post('/api/test/probe-writes', { note: 'burst', amountFen: 5 }, { idempotencyKey: 'burst-key' }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const ids = new Set(responses.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(await rowsFor('burst')).toBe(1);
  });

  test('When the work fails, Then nothing is stored and a retry with the same key executes', async () => {
    const failed = await bff.api.post(
      '/api/test/probe-writes',
      { note: 'retry', amountFen: 1, fail: true },
      { idempotencyKey: 'retry-key' },
    );
    expect(failed.status).toBe(409);
    expect(await rowsFor('retry')).toBe(0);
    expect(await storedKeys('retry-key')).toBe(0);
    const changed = await bff.api.post(
      '/api/test/probe-writes',
      { note: 'retry', amountFen: 1 },
      { idempotencyKey: 'retry-key' },
    );
    expect(changed.status).toBe(201);
    expect(await rowsFor('retry')).toBe(1);
  });

  test('When two callers use the same key string, Then their requests do not collide', async () => {
    const a = await bff.api.post(
      '/api/test/probe-writes',
      { note: 'scope-a', amountFen: 1 },
      { idempotencyKey: 'shared' },
    );
    expect(a.status).toBe(201);
    const stored = await bff.db.dataSource.query('SELECT scope FROM idempotency_keys WHERE idem_key = ?', ['shared']);
    expect(stored).toEqual([{ scope: 'anonymous' }]);
  });
});
