import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { createDataSource } from '../../bff/src/db/data-source';
import { inTransaction, select } from '../../bff/src/db/tx';
import {
  clawBackPoints,
  earnPoints,
  getMemberBalances,
  spendPoints,
  storeAccountId,
} from '../../bff/src/domain/ledger';
import { expireAllDue } from '../../bff/src/jobs';
import { seedLots } from '../../scripts/src/bench/ledger-seed';
import { createMember, createStore, expectBalancedLedger, newKey } from '../support/ledger-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

// Two BFF instances = two separate pools on the same MariaDB database.
let bff: TestBff;
let one: DataSource;
let two: DataSource;
let store: string;
const earnedAt = new Date('2026-01-05T00:00:00Z');

beforeAll(async () => {
  bff = await bootTestBff();
  one = bff.db.dataSource;
  two = createDataSource(bff.db.url, { poolSize: 20 });
  await two.initialize();
  store = await createStore(one);
});
afterAll(async () => {
  await two?.destroy();
  await bff?.close();
});

const earn = (memberId: string, points: number) =>
  inTransaction(one, (tx) => earnPoints(tx, { memberId, storeId: store, points, idempotencyKey: newKey(), earnedAt }));
const count = async (sql: string, params: unknown[]) =>
  Number((await select<{ n: number }>(one.manager, sql, params))[0].n);

test('When 50 debits of 10 race against a balance of 200 on two instances, Then exactly 20 succeed and 0 is left', async () => {
  const member = await createMember(one);
  await earn(member, 120);
  await earn(member, 80); // two lots, so lot consumption races too
  const attempts = Array.from({ length: 50 }, (_, i) =>
    inTransaction(i % 2 === 0 ? one : two, (tx) =>
      spendPoints(tx, {
        at: new Date(),
        memberId: member,
        storeId: store,
        points: 10,
        idempotencyKey: newKey(`race${i}`),
      }),
    ).then(
      () => 'ok',
      (error) => error.code ?? String(error),
    ),
  );
  const outcomes = await Promise.all(attempts);
  expect(outcomes.filter((o) => o === 'ok')).toHaveLength(20);
  expect(outcomes.filter((o) => o !== 'ok').every((o) => o === 'INSUFFICIENT_POINTS')).toBe(true);
  expect((await getMemberBalances(one.manager, member)).points).toBe(0);
  await expectBalancedLedger(one);
});

test('When the same idempotency key is sent 20 times at once, Then one transfer is written and all get its result', async () => {
  const member = await createMember(one);
  const key = newKey('same');
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      inTransaction(i % 2 === 0 ? one : two, (tx) =>
        earnPoints(tx, { memberId: member, storeId: store, points: 33, idempotencyKey: key, earnedAt }),
      ),
    ),
  );
  expect(new Set(results.map((r) => r.transferIds[0])).size).toBe(1);
  expect(await count('SELECT COUNT(*) AS n FROM ledger_transfers WHERE idempotency_key = ?', [key])).toBe(1);
  expect((await getMemberBalances(one.manager, member)).points).toBe(33);
});

test('When earns and clawbacks of one member race on two instances, Then all succeed and points − debt adds up', async () => {
  const member = await createMember(one);
  await earn(member, 20);
  const work = Array.from({ length: 30 }, (_, i) =>
    inTransaction<unknown>(i % 2 === 0 ? one : two, (tx) =>
      i % 3 === 0
        ? clawBackPoints(tx, {
            at: new Date(),
            memberId: member,
            storeId: store,
            points: 9,
            idempotencyKey: newKey(`claw${i}`),
          })
        : earnPoints(tx, { memberId: member, storeId: store, points: 2, idempotencyKey: newKey(`earn${i}`), earnedAt }),
    ),
  );
  await Promise.all(work);
  // 20 + 20 earns of 2 − 10 clawbacks of 9 = −30: the wallet is empty and 30 points are owed
  expect(await getMemberBalances(one.manager, member)).toMatchObject({ points: 0, pointsDebt: 30 });
  await expectBalancedLedger(one);
});

test('When the connection is killed in the middle of a transfer, Then nothing of it remains', async () => {
  const member = await createMember(one);
  await earn(member, 50);
  const redeemedAccount = await inTransaction(one, (tx) => storeAccountId(tx, store, 'points_redeemed', 'POINTS'));
  // Another instance holds the store account row, so the spend stops after debiting the wallet.
  const blockerRunner = two.createQueryRunner();
  await blockerRunner.connect();
  await blockerRunner.startTransaction();
  await blockerRunner.query('SELECT id FROM ledger_accounts WHERE id = ? FOR UPDATE', [redeemedAccount]);
  let connectionId = 0;
  const spend = inTransaction(one, async (tx) => {
    connectionId = Number((await tx.query('SELECT CONNECTION_ID() AS id'))[0].id);
    return spendPoints(tx, {
      at: new Date(),
      memberId: member,
      storeId: store,
      points: 20,
      idempotencyKey: newKey('killed'),
    });
  }).then(
    () => 'committed',
    () => 'failed',
  );
  await waitFor(async () => {
    // Blocked on crediting the store: the wallet debit before it is done, the transfer row not yet.
    const rows = await one.query('SELECT INFO AS info FROM information_schema.processlist WHERE ID = ?', [
      connectionId,
    ]);
    return (
      // A prepared statement shows its placeholders, a plain one its values.
      connectionId > 0 && /^UPDATE ledger_accounts SET balance = balance \+ (\?|20) /.test(String(rows[0]?.info ?? ''))
    );
  });
  await one.query(`KILL ${connectionId}`);
  expect(await spend).toBe('failed');
  await blockerRunner.rollbackTransaction();
  await blockerRunner.release();
  expect((await getMemberBalances(one.manager, member)).points).toBe(50);
  expect(
    await count(
      "SELECT COUNT(*) AS n FROM ledger_transfers WHERE kind = 'REDEEM' AND store_id = ? AND from_account_id IN (SELECT id FROM ledger_accounts WHERE owner_id = ?)",
      [store, member],
    ),
  ).toBe(0);
  await expectBalancedLedger(one);
});

test('When two instances run the expiry over 10,000 lots at once, Then every lot is expired exactly once', async () => {
  const expiryStore = await createStore(one);
  const members = Array.from({ length: 1000 }, () => ulid());
  await seedLots(one, {
    storeId: expiryStore,
    memberIds: members,
    lotsPerMember: 10,
    pointsPerLot: 7,
    expiresAt: new Date('2026-02-01T00:00:00Z'),
  });
  const asOf = new Date('2026-02-02T00:00:00Z');
  const [a, b] = await Promise.all([expireAllDue(one, asOf), expireAllDue(two, asOf)]);
  expect(a + b).toBe(10_000);
  expect(
    await count("SELECT COUNT(*) AS n FROM ledger_transfers WHERE kind = 'EXPIRE' AND store_id = ?", [expiryStore]),
  ).toBe(10_000);
  expect(
    await count("SELECT COUNT(DISTINCT cause_id) AS n FROM ledger_transfers WHERE kind = 'EXPIRE' AND store_id = ?", [
      expiryStore,
    ]),
  ).toBe(10_000);
  expect(
    await count('SELECT COUNT(*) AS n FROM ledger_lots WHERE issuing_store_id = ? AND remaining > 0', [expiryStore]),
  ).toBe(0);
  await expectBalancedLedger(one);
}, 120_000);

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not reached');
}
