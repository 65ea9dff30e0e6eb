import { execute, inTransaction, select } from '../../bff/src/db/tx';
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

  test('When a statement runs outside a transaction while another request holds one, Then it waits and survives that rollback', async () => {
    const ds = bff.db.dataSource;
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const failing = inTransaction(ds, async (tx) => {
      await execute(tx, "UPDATE stores SET name = name WHERE id = 'none'");
      entered();
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('roll back');
    });
    await inside;
    // Issued while the transaction is open; must not become part of it.
    const outside = execute(
      ds.manager,
      'INSERT INTO stores (id, code, name, city, created_at) VALUES (?, ?, ?, NULL, ?)',
      ['outside-tx', 'OUTSIDE', 'Outside', new Date()],
    );
    await expect(failing).rejects.toThrow('roll back');
    expect(await outside).toBe(1);
    const rows = await select(ds.manager, 'SELECT id FROM stores WHERE id = ?', ['outside-tx']);
    expect(rows).toHaveLength(1);
  });
});
