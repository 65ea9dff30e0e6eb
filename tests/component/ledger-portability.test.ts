import { ulid } from 'ulid';
import { pinCollations } from '../../bff/src/db/migrations/1732463700000-portable-schema';
import { convertVoidedInPlace } from '../../bff/src/db/migrations/1732463710000-two-phase-history';
import { StoreHqAccounts1732463720000 } from '../../bff/src/db/migrations/1732463720000-store-hq-accounts';
import { inTransaction, select } from '../../bff/src/db/tx';
import {
  auditLedger,
  bulkImportOpeningBalances,
  earnPendingPoints,
  earnPoints,
  getMemberBalances,
  holdPoints,
  listMemberLedger,
  postTransfer,
  readTransfer,
  reverseTransfer,
  voidTransfer,
} from '../../bff/src/domain/ledger';
import { expireAllDue } from '../../bff/src/jobs';
import {
  buyer,
  createMember,
  grantPoints,
  MovableClock,
  refund,
  type TestMember,
  topUp,
  twoStores,
} from '../support/instore-fixtures';
import { SqlRecorder } from '../support/sql-recorder';
import { bootTestBff, type TestBff } from '../support/test-bff';

// The promise that a chain outgrowing one MySQL moves to MySQL 8 or TiDB without code changes
// (docs/tidb.md): the statements the BFF sends avoid what those servers refuse, the schema is one
// they accept (CHECKs that hold, a primary key on every table, pinned collations), the ledger
// takes its instants from the injected clock, and its history is append-only.

/** Yesterday 04:00 UTC: fixed for the run and never the wall clock's instant. */
const T0 = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000 + 4 * 3_600_000);
const clock = new MovableClock(T0);
let bff: TestBff;
let stage: Awaited<ReturnType<typeof twoStores>>;
let recorder: SqlRecorder;
const buy = buyer(() => bff, 'P');
const db = () => bff.db.dataSource.manager;

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  stage = await twoStores(bff);
  recorder = new SqlRecorder(bff.db.dataSource);
});
afterAll(() => bff?.close());

/**
 * Constructs MySQL 8 or TiDB refuse (or MySQL 8 has dropped), from their documentation: each with
 * the server that refuses it. A new statement using one fails this test.
 */
const FORBIDDEN: Array<{ pattern: RegExp; why: string }> = [
  { pattern: /WITH\s+CONSISTENT\s+SNAPSHOT\s*,/i, why: 'TiDB: one START TRANSACTION characteristic only' },
  { pattern: /\bRETURNING\b/i, why: 'MariaDB only' },
  {
    pattern: /\bNEXT\s+VALUE\s+FOR\b|\b(NEXTVAL|LASTVAL|SETVAL)\s*\(|\bSEQUENCE\b/i,
    why: 'sequences: MariaDB/TiDB only',
  },
  { pattern: /\bSET\s+STATEMENT\b/i, why: 'MariaDB only' },
  {
    pattern: /\bCREATE\s+OR\s+REPLACE\s+TABLE\b|\bIF\s+NOT\s+EXISTS\s+`?\w+`?\s+(INT|VARCHAR)/i,
    why: 'MariaDB only DDL',
  },
  {
    pattern: /\b(JSON_DETAILED|JSON_LOOSE|JSON_COMPACT|DECODE_ORACLE|SFORMAT|NATURAL_SORT_KEY|COLUMN_GET)\s*\(/i,
    why: 'MariaDB-only function',
  },
  { pattern: /\bSKIP\s+LOCKED\b/i, why: 'TiDB: fails with joins (not a supported lock type)' },
  {
    pattern: /\bLOCK\s+IN\s+SHARE\s+MODE\b|\bFOR\s+SHARE\b/i,
    why: 'TiDB: a no-op function, refused unless tidb_enable_noop_functions',
  },
  {
    pattern: /\b(GET_LOCK|RELEASE_LOCK|IS_FREE_LOCK|IS_USED_LOCK)\s*\(/i,
    why: 'TiDB: no deadlock detection, 1 s–1 h timeouts',
  },
  { pattern: /\bLOCK\s+TABLES?\b|\bUNLOCK\s+TABLES\b/i, why: 'TiDB: experimental' },
  { pattern: /\bXA\s+(START|BEGIN|END|PREPARE|COMMIT|ROLLBACK)\b/i, why: 'TiDB: no XA' },
  { pattern: /\bMATCH\s*\([^)]*\)\s*AGAINST\b/i, why: 'TiDB: no FULLTEXT' },
  { pattern: /\bCREATE\s+TABLE\b[^;]*\bSELECT\b/i, why: 'TiDB: no CREATE TABLE ... SELECT' },
  { pattern: /\bSQL_CALC_FOUND_ROWS\b|\bFOUND_ROWS\s*\(/i, why: 'MySQL 8.0.17: deprecated' },
  { pattern: /\bIN\s*\(\s*SELECT\b[^()]*\bLIMIT\b/i, why: 'MySQL 8: no LIMIT in an IN subquery' },
  { pattern: /\b(CREATE|DROP)\s+(TRIGGER|PROCEDURE|FUNCTION|EVENT)\b/i, why: 'TiDB: none of these' },
];

function forbiddenIn(sql: string): string[] {
  return FORBIDDEN.filter((rule) => rule.pattern.test(sql)).map((rule) => rule.why);
}

test('the forbidden-construct list catches what it names', () => {
  expect(forbiddenIn('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY')).toHaveLength(1);
  expect(forbiddenIn('DELETE FROM t WHERE id = ? RETURNING id')).toHaveLength(1);
  expect(forbiddenIn('SELECT id FROM t WHERE a IN (SELECT b FROM u LIMIT 3)')).toHaveLength(1);
  expect(forbiddenIn('SELECT id FROM t WHERE id = ? FOR UPDATE')).toEqual([]);
});

test('every statement of a day at the till (top-up, earn, redeem, stored value, refund, audit) is one MySQL 8 and TiDB take', async () => {
  const statements = await recorder.during(async () => {
    const member: TestMember = await createMember(bff);
    await topUp(bff, member.id, stage.storeA, 10_000);
    await grantPoints(bff, member.id, stage.storeA, 500);
    await buy(stage.clerkA, stage.storeA, member, { amountFen: 5_000 });
    const sale = await buy(stage.clerkB, stage.storeB, member, {
      amountFen: 3_000,
      redeemPoints: 100,
      storedValueFen: 1_000,
    });
    expect((await refund(bff, stage.clerkB, stage.storeB, sale.checkoutId, { amountFen: 1_000 })).status).toBe(200);
    const audit = await bff.api.get('/api/admin/ledger/audit', stage.admin);
    expect(audit.body.balanced).toBe(true);
  });
  const sqls = [...new Set(statements.map((s) => s.sql.replace(/\s+/g, ' ').trim()))];
  expect(sqls.length).toBeGreaterThan(20);
  const problems = sqls.flatMap((sql) => forbiddenIn(sql).map((why) => `${why}: ${sql}`));
  expect(problems).toEqual([]);
  // The audit's snapshot in the form all three servers take.
  expect(sqls).toEqual(
    expect.arrayContaining(['SET TRANSACTION READ ONLY', 'START TRANSACTION WITH CONSISTENT SNAPSHOT']),
  );
});

test('the ledger CHECKs exist in the database and refuse a bad row', async () => {
  const [account] = await select<{ id: string }>(
    db(),
    "SELECT id FROM ledger_accounts WHERE purpose = 'wallet' LIMIT 1",
  );
  const [store] = await select<{ id: string }>(
    db(),
    "SELECT id FROM ledger_accounts WHERE owner_type = 'store' LIMIT 1",
  );
  const insert = (amount: number, from: string, to: string) =>
    bff.db.dataSource.query(
      `INSERT INTO ledger_transfers (id, idempotency_key, from_account_id, to_account_id, asset, amount, kind, status, created_at)
       VALUES (?, ?, ?, ?, 'POINTS', ?, 'ADJUST', 'posted', NOW())`,
      [ulid(), `bad:${ulid()}`, from, to, amount],
    );
  /** The server's refusal: ER_CONSTRAINT_FAILED (MariaDB 4025) / ER_CHECK_CONSTRAINT_VIOLATED (MySQL 3819). */
  const refusal = (statement: Promise<unknown>) =>
    statement.then(
      () => 'accepted',
      (error: { errno?: number; driverError?: { errno?: number } }) => {
        const errno = error.driverError?.errno ?? error.errno;
        return errno === 4025 || errno === 3819 ? 'refused by a CHECK' : `errno ${errno}`;
      },
    );
  expect([
    await refusal(insert(0, store.id, account.id)),
    await refusal(insert(5, account.id, account.id)),
    await refusal(bff.db.dataSource.query('UPDATE ledger_accounts SET balance = -1 WHERE id = ?', [account.id])),
    await refusal(
      bff.db.dataSource.query('UPDATE ledger_lots SET remaining = amount + 1 WHERE account_id = ?', [account.id]),
    ),
  ]).toEqual(Array(4).fill('refused by a CHECK'));
});

test('every table has a primary key; identifiers compare in binary and words in utf8mb4_unicode_ci', async () => {
  const keyless = await select<{ name: string }>(
    db(),
    `SELECT t.TABLE_NAME AS name FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = DATABASE() AND NOT EXISTS
       (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS c WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA
           AND c.TABLE_NAME = t.TABLE_NAME AND c.CONSTRAINT_TYPE = 'PRIMARY KEY')`,
  );
  expect(keyless).toEqual([]);
  const columns = () =>
    select<{ t: string; c: string; collation: string }>(
      db(),
      `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLLATION_NAME AS collation FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME IS NOT NULL AND TABLE_NAME <> 'migrations'`,
    );
  const collationOf = async (t: string, c: string) => (await columns()).find((x) => x.t === t && x.c === c)?.collation;
  expect((await columns()).filter((x) => !['utf8mb4_bin', 'utf8mb4_unicode_ci'].includes(x.collation))).toEqual([]);
  for (const [t, c] of [
    ['ledger_operations', 'op_key'],
    ['job_leases', 'name'],
    ['ledger_settings', 'name'],
    ['idempotency_keys', 'idem_key'],
    ['report_daily_flows', 'store_key'],
    ['pay_orders', 'openid'],
    ['ledger_transfers', 'pending_id'],
  ]) {
    expect([t, c, await collationOf(t, c)]).toEqual([t, c, 'utf8mb4_bin']);
  }
  expect(await collationOf('stores', 'name')).toBe('utf8mb4_unicode_ci');
  // A schema made on a server with another default is moved to the pinned collations.
  await bff.db.dataSource.query(
    'ALTER TABLE stores MODIFY name varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL',
  );
  await bff.db.dataSource.query(
    'ALTER TABLE job_leases MODIFY name varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL',
  );
  const runner = bff.db.dataSource.createQueryRunner();
  try {
    await pinCollations(runner);
  } finally {
    await runner.release();
  }
  expect(await collationOf('stores', 'name')).toBe('utf8mb4_unicode_ci');
  expect(await collationOf('job_leases', 'name')).toBe('utf8mb4_bin');
});

test('the ledger records the injected clock, not the wall clock', async () => {
  clock.set(new Date(T0.getTime() + 3_600_000));
  const at = clock.now();
  const member = await createMember(bff);
  await topUp(bff, member.id, stage.storeA, 2_000);
  const sale = await buy(stage.clerkA, stage.storeA, member, { amountFen: 4_000, storedValueFen: 1_000 });
  const stamps = await select<{ what: string; at: Date }>(
    db(),
    `SELECT 'transfer' AS what, t.created_at AS at FROM ledger_transfers t
       JOIN ledger_accounts a ON a.id = t.to_account_id OR a.id = t.from_account_id WHERE a.owner_id = ?
     UNION ALL SELECT 'account', created_at FROM ledger_accounts WHERE owner_id = ?
     UNION ALL SELECT 'lot', created_at FROM ledger_lots WHERE member_id = ?
     UNION ALL SELECT 'lot earned', earned_at FROM ledger_lots WHERE member_id = ?
     UNION ALL SELECT 'operation', created_at FROM ledger_operations WHERE op_key LIKE ?`,
    [member.id, member.id, member.id, member.id, `%${sale.checkoutId}%`],
  );
  expect(new Set(stamps.map((s) => s.what))).toEqual(
    new Set(['transfer', 'account', 'lot', 'lot earned', 'operation']),
  );
  // Between the instants the test's clock showed (taking a member code moves it on 30 s); the wall
  // clock is most of a day later.
  const until = clock.now().getTime();
  const outside = stamps.filter((s) => new Date(s.at).getTime() < at.getTime() || new Date(s.at).getTime() > until);
  expect(outside).toEqual([]);
});

test('posting or voiding a hold is a new transfer naming it; the hold stays as written, and the audit sees a rewrite', async () => {
  const member = await createMember(bff);
  await grantPoints(bff, member.id, stage.storeA, 300);
  const hold = (key: string) =>
    inTransaction(bff.db.dataSource, (tx) =>
      holdPoints(tx, { memberId: member.id, storeId: stage.storeA, points: 100, idempotencyKey: key, at: clock.now() }),
    );
  const first = await hold(`hold:${ulid()}`);
  const second = await hold(`hold:${ulid()}`);
  const rowOf = (id: string) =>
    select<Record<string, unknown>>(db(), 'SELECT * FROM ledger_transfers WHERE id = ?', [id]);
  const before = await rowOf(first.transferId);
  const postAt = new Date(T0.getTime() + 7_200_000);
  await inTransaction(bff.db.dataSource, (tx) => postTransfer(tx, first.transferId, postAt));
  await inTransaction(bff.db.dataSource, (tx) => voidTransfer(tx, second.transferId, postAt));
  expect(await rowOf(first.transferId)).toEqual(before);
  const resolutions = await select<{ pending_id: string; status: string; amount: number; created_at: Date }>(
    db(),
    'SELECT pending_id, status, amount, created_at FROM ledger_transfers WHERE pending_id IN (?, ?) ORDER BY status',
    [first.transferId, second.transferId],
  );
  expect(
    resolutions.map((r) => [r.pending_id, r.status, Number(r.amount), new Date(r.created_at).toISOString()]),
  ).toEqual([
    [first.transferId, 'post_pending', 100, postAt.toISOString()],
    [second.transferId, 'void_pending', 100, postAt.toISOString()],
  ]);
  const statuses = await inTransaction(bff.db.dataSource, async (tx) => [
    (await readTransfer(tx, first.transferId))?.status,
    (await readTransfer(tx, second.transferId))?.status,
  ]);
  expect(statuses).toEqual(['posted', 'voided']);
  // The post itself is not reversible (the hold it posted is).
  const [post] = await select<{ id: string }>(db(), 'SELECT id FROM ledger_transfers WHERE pending_id = ?', [
    first.transferId,
  ]);
  await expect(
    inTransaction(bff.db.dataSource, (tx) =>
      reverseTransfer(tx, { transferId: post.id, idempotencyKey: `rev:${ulid()}`, at: clock.now() }),
    ),
  ).rejects.toMatchObject({ code: 'TRANSFER_NOT_REVERSIBLE' });
  // 300 granted, 100 posted away, 100 held and given back.
  expect(await getMemberBalances(db(), member.id)).toMatchObject({ points: 200, pendingPoints: 0 });
  // The member's history lists each hold once, as it ended.
  const history = await listMemberLedger(db(), member.id, 'POINTS', { limit: 10 });
  expect(history.items.map((item) => [item.amount, item.status])).toEqual([
    [-100, 'voided'],
    [-100, 'posted'],
    [300, 'posted'],
  ]);
  expect((await auditLedger(bff.db.dataSource)).historyViolations).toEqual([]);
  // A status changed in place (the old way) is reported, and the audit fails.
  await bff.db.dataSource.query("UPDATE ledger_transfers SET status = 'voided' WHERE id = ?", [second.transferId]);
  const audit = await auditLedger(bff.db.dataSource);
  expect(audit.balanced).toBe(false);
  expect(audit.historyViolations).toEqual(
    expect.arrayContaining([
      { rule: 'status_changed_in_place', id: second.transferId },
      { rule: 'resolution_without_pending', id: expect.any(String) },
    ]),
  );
  await bff.db.dataSource.query("UPDATE ledger_transfers SET status = 'pending' WHERE id = ?", [second.transferId]);
});

test('a pending earn voided in place before the append-only model gets its void transfer from the migration', async () => {
  const member = await createMember(bff);
  const { transferId } = await inTransaction(bff.db.dataSource, (tx) =>
    earnPendingPoints(tx, {
      memberId: member.id,
      storeId: stage.storeA,
      points: 40,
      idempotencyKey: `legacy-pending:${ulid()}`,
      earnedAt: clock.now(),
      releaseAt: new Date(clock.now().getTime() + 7 * 86_400_000),
      causeType: 'test',
      causeId: ulid(),
    }),
  );
  // What voidTransfer did before: the balances moved back and the row's status rewritten.
  const [hold] = await select<{ from_account_id: string; to_account_id: string }>(
    db(),
    'SELECT from_account_id, to_account_id FROM ledger_transfers WHERE id = ?',
    [transferId],
  );
  await bff.db.dataSource.query('UPDATE ledger_accounts SET balance = balance + 40 WHERE id = ?', [
    hold.from_account_id,
  ]);
  await bff.db.dataSource.query('UPDATE ledger_accounts SET pending_in = pending_in - 40 WHERE id = ?', [
    hold.to_account_id,
  ]);
  await bff.db.dataSource.query("UPDATE ledger_transfers SET status = 'voided' WHERE id = ?", [transferId]);
  expect((await auditLedger(bff.db.dataSource)).historyViolations).toEqual([
    { rule: 'status_changed_in_place', id: transferId },
  ]);
  const runner = bff.db.dataSource.createQueryRunner();
  try {
    await convertVoidedInPlace(runner);
  } finally {
    await runner.release();
  }
  const audit = await auditLedger(bff.db.dataSource);
  expect(audit.balanced).toBe(true);
  expect(await inTransaction(bff.db.dataSource, async (tx) => (await readTransfer(tx, transferId))?.status)).toBe(
    'voided',
  );
  expect(await getMemberBalances(db(), member.id)).toMatchObject({ points: 0, pendingPoints: 0 });
});

test('the migration to per-store HQ accounts moves what the chain-wide account gave at each store, and the ledger still balances', async () => {
  const member = await createMember(bff);
  const balanceOf = async (ownerType: string, ownerId: string, purpose: string) =>
    Number(
      (
        await select<{ balance: number }>(
          db(),
          "SELECT balance FROM ledger_accounts WHERE owner_type = ? AND owner_id = ? AND purpose = ? AND asset = 'POINTS'",
          [ownerType, ownerId, purpose],
        )
      )[0]?.balance ?? 0,
    );
  // An HQ-funded earn as the chain-wide account made it before (store set on the transfer).
  const result = await inTransaction(bff.db.dataSource, (tx) =>
    earnPoints(tx, {
      memberId: member.id,
      storeId: null,
      points: 70,
      kind: 'EARN',
      fundedBy: 'HQ',
      idempotencyKey: `legacy:${ulid()}`,
      earnedAt: clock.now(),
      causeType: 'test',
      causeId: ulid(),
    }),
  );
  await bff.db.dataSource.query('UPDATE ledger_transfers SET store_id = ? WHERE id = ?', [
    stage.storeB,
    result.transferIds[0],
  ]);
  const systemBefore = await balanceOf('system', '-', 'campaign');
  const storeBefore = await balanceOf('store', stage.storeB, 'hq_campaign');
  const runner = bff.db.dataSource.createQueryRunner();
  try {
    await new StoreHqAccounts1732463720000().up(runner);
    await new StoreHqAccounts1732463720000().up(runner); // again: nothing left to move
  } finally {
    await runner.release();
  }
  expect(await balanceOf('system', '-', 'campaign')).toBe(systemBefore + 70);
  expect(await balanceOf('store', stage.storeB, 'hq_campaign')).toBe(storeBefore - 70);
  expect((await auditLedger(bff.db.dataSource)).balanced).toBe(true);
});

test('an import meeting a key another transaction is posting rolls its written chunks back to a savepoint (deleting no row) and posts row by row', async () => {
  const ds = bff.db.dataSource;
  const at = clock.now();
  const common = { storeId: stage.storeA, fundedBy: 'STORE' as const, causeType: 'import', causeId: ulid() };
  // Two chunks of two operation rows, the contested key in the second.
  const rows = Array.from({ length: 4 }, (_, i) => ({
    memberId: ulid(),
    points: 10 + i,
    fen: 0,
    pointsKey: `imp:${ulid()}`,
    cnyKey: `imp-cny:${ulid()}`,
  }));
  const last = rows[3];
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let posted = () => {};
  const postedFirst = new Promise<void>((resolve) => {
    posted = resolve;
  });
  const other = inTransaction(ds, async (tx) => {
    await earnPoints(tx, {
      ...common,
      memberId: last.memberId,
      points: last.points,
      kind: 'IMPORT',
      idempotencyKey: last.pointsKey,
      earnedAt: at,
    });
    posted();
    await gate;
  });
  await postedFirst;
  const outcomes = inTransaction(ds, (tx) => bulkImportOpeningBalances(tx, { ...common, at, rows, chunkRows: 2 }));
  // The import waits on the other transaction's locks; then the other one commits.
  const waiting = () =>
    select<{ n: number }>(
      db(),
      `SELECT COUNT(*) AS n FROM information_schema.innodb_trx t JOIN information_schema.processlist p
          ON p.id = t.trx_mysql_thread_id WHERE t.trx_state = 'LOCK WAIT' AND p.db = DATABASE()`,
    );
  // Bounded: should the import finish or fail without ever waiting, the test goes on to its checks
  // instead of spinning until the test timeout.
  let settled = false;
  outcomes.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  const giveUpAt = Date.now() + 20_000;
  while (!settled && Date.now() < giveUpAt && Number((await waiting())[0].n) === 0) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  release();
  await other;
  expect((await outcomes).filter((outcome) => outcome !== 'posted')).toEqual([]);
  const keys = rows.map((row) => row.pointsKey);
  const [ops] = await select<{ n: number }>(
    db(),
    `SELECT COUNT(*) AS n FROM ledger_operations WHERE op_key IN (${keys.map(() => '?').join(', ')})`,
    keys,
  );
  expect(Number(ops.n)).toBe(4);
  for (const i of [0, 1, 2, 3]) {
    expect((await getMemberBalances(db(), rows[i].memberId)).points).toBe(10 + i);
  }
  expect((await auditLedger(ds)).balanced).toBe(true);
});

test('the set-based expiry and both audits (full, then incremental from its checkpoint) send only statements MySQL 8 and TiDB take, and expiry stamps the run instant', async () => {
  const member = await createMember(bff);
  await grantPoints(bff, member.id, stage.storeA, 60);
  // Three years on, every lot of this database is due: expiry works in several batches.
  const asOf = new Date(T0.getTime() + 3 * 366 * 86_400_000);
  const statements = await recorder.during(async () => {
    expect(await expireAllDue(bff.db.dataSource, asOf, 2)).toBeGreaterThan(2);
    expect((await auditLedger(bff.db.dataSource, { scope: 'full', settleMs: 0, now: asOf })).balanced).toBe(true);
    await grantPoints(bff, member.id, stage.storeA, 5);
    const incremental = await auditLedger(bff.db.dataSource, { scope: 'incremental', settleMs: 0, now: asOf });
    expect(incremental).toMatchObject({ balanced: true, scope: 'incremental' });
  });
  const sqls = [...new Set(statements.map((s) => s.sql.replace(/\s+/g, ' ').trim()))];
  expect(sqls.some((sql) => sql.startsWith('INSERT INTO ledger_transfers') && sql.includes('SELECT'))).toBe(true);
  expect(sqls.some((sql) => sql.includes('ledger_audit_sums'))).toBe(true);
  expect(sqls.flatMap((sql) => forbiddenIn(sql).map((why) => `${why}: ${sql}`))).toEqual([]);
  const expired = await select<{ amount: number; created_at: Date }>(
    db(),
    `SELECT t.amount, t.created_at FROM ledger_transfers t JOIN ledger_accounts a ON a.id = t.from_account_id
      WHERE a.owner_id = ? AND t.kind = 'EXPIRE'`,
    [member.id],
  );
  expect(expired.map((row) => [Number(row.amount), new Date(row.created_at).toISOString()])).toEqual([
    [60, asOf.toISOString()],
  ]);
});
