import { probeRoutes } from '../support/probe-routes';
import { bootTestBff, type TestBff } from '../support/test-bff';

/** The embedded mode (`npm start` without DATABASE_URL): the same core on SQLite. */
let bff: TestBff;
beforeAll(async () => {
  bff = await bootTestBff({ sqlite: true, extraRoutes: probeRoutes });
});
afterAll(() => bff?.close());

describe('SQLite smoke', () => {
  test('When the BFF runs on SQLite, Then health, validation and idempotent replay work', async () => {
    expect((await bff.api.get('/healthz')).body).toEqual({ ok: true, db: 'up' });
    const bad = await bff.api.post('/api/test/probe-writes', { note: 1 }, { idempotencyKey: 's0' });
    expect(bad.status).toBe(400);
    const first = await bff.api.post(
      '/api/test/probe-writes',
      { note: 'lite', amountFen: 1 },
      { idempotencyKey: 's1' },
    );
    const again = await bff.api.post(
      '/api/test/probe-writes',
      { note: 'lite', amountFen: 1 },
      { idempotencyKey: 's1' },
    );
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const rows = await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?', ['lite']);
    expect(Number(rows[0].n)).toBe(1);
  });
});
