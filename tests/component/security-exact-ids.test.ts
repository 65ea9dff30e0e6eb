import { select } from '../../bff/src/db/tx';
import {
  checkout,
  countRows,
  createMember,
  createStaff,
  createStore,
  newKey,
  scanMember,
  type TestMember,
} from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

/**
 * Issue #10, findings 3 and 10: the database compared ids case- and accent-insensitively while the
 * code compared them exactly. A clerk of store A on /api/stores/<a in lower case>/… got past the
 * staff check and made checkouts outside the store's rules; order references and idempotency keys
 * differing in case or accents collided. Every id, reference and key column is binary-collated now
 * (whatever the database's default collation, which these tests leave at utf8mb4_unicode_ci).
 */
let bff: TestBff;
let store: string;
let clerk: TestMember;

beforeAll(async () => {
  bff = await bootTestBff();
  store = await createStore(bff, 'Exact store');
  clerk = await createStaff(bff, store);
});
afterAll(() => bff?.close());

describe('Ids compare exactly', () => {
  test('When a clerk uses their store id in lower case, Then every store route refuses and nothing is written', async () => {
    const member = await createMember(bff);
    const scanId = await scanMember(bff, clerk, store, member);
    const before = await countRows(bff, ['scans', 'checkouts', 'ledger_transfers']);
    const lower = store.toLowerCase();
    const body = { scanId, orderRef: 'LOWER-1', amountFen: 10_000 };
    const answers = [
      await bff.api.post(`/api/stores/${lower}/checkouts`, body, { token: clerk.token, idempotencyKey: newKey() }),
      await bff.api.post(`/api/stores/${lower}/checkouts/preview`, body, { token: clerk.token }),
      await bff.api.post(`/api/stores/${lower}/scan`, { code: '660000000000000000' }, { token: clerk.token }),
      await bff.api.get(`/api/stores/${lower}/checkouts`, clerk.token),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('NOT_STAFF_OF_STORE');
    }
    expect(await countRows(bff, ['scans', 'checkouts', 'ledger_transfers'])).toEqual(before);
    // The right spelling still works.
    expect((await checkout(bff, clerk, store, body)).status).toBe(201);
  });

  test('When a store id in another case reaches the database, Then it finds nothing', async () => {
    const found = await select(bff.db.dataSource.manager, 'SELECT id FROM stores WHERE id = ?', [store.toLowerCase()]);
    expect(found).toEqual([]);
  });

  test('When two order references differ only in letter case or accents, Then both are separate checkouts', async () => {
    const member = await createMember(bff);
    const scanId = await scanMember(bff, clerk, store, member);
    for (const orderRef of ['Coll-x', 'Cöll-x', 'coll-x', 'COLL-X']) {
      const answer = await checkout(bff, clerk, store, { scanId, orderRef, amountFen: 1_000 });
      expect(answer.status).toBe(201);
      expect(answer.body.orderRef).toBe(orderRef);
    }
    const again = await checkout(bff, clerk, store, { scanId, orderRef: 'Coll-x', amountFen: 1_000 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ORDER_REF_EXISTS');
  });

  test('When two idempotency keys differ only in letter case, Then they are two writes, not a reused key', async () => {
    const member = await createMember(bff);
    const scanId = await scanMember(bff, clerk, store, member);
    const first = await checkout(bff, clerk, store, { scanId, orderRef: 'IDEM-1', amountFen: 1_000 }, 'Key-Case-1');
    const second = await checkout(bff, clerk, store, { scanId, orderRef: 'IDEM-2', amountFen: 2_000 }, 'key-case-1');
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.checkoutId).not.toBe(first.body.checkoutId);
    const replay = await checkout(bff, clerk, store, { scanId, orderRef: 'IDEM-1', amountFen: 1_000 }, 'Key-Case-1');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.checkoutId).toBe(first.body.checkoutId);
  });

  test('When the schema is read, Then id, reference and key columns are binary while the database default is not', async () => {
    const ds = bff.db.dataSource;
    const [schema] = await ds.query(
      'SELECT DEFAULT_COLLATION_NAME AS c FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()',
    );
    expect(schema.c).toBe('utf8mb4_unicode_ci');
    const rows: Array<{ t: string; c: string; co: string }> = await ds.query(
      `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLLATION_NAME AS co FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME, COLUMN_NAME) IN
          (('stores','id'), ('staff_roles','store_id'), ('members','id'), ('checkouts','order_ref'),
           ('idempotency_keys','idem_key'), ('idempotency_keys','scope'), ('ledger_transfers','idempotency_key'),
           ('self_sale_approvals','id'), ('self_sale_approvals','code'))`,
    );
    expect(rows).toHaveLength(9);
    for (const row of rows) expect(`${row.t}.${row.c} ${row.co}`).toBe(`${row.t}.${row.c} utf8mb4_bin`);
  });
});
