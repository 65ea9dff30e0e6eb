import type { DataSource } from 'typeorm';
import { select } from '../../bff/src/db/tx';
import { earnPoints, getMemberBalances, memberWallet, spendPoints } from '../../bff/src/domain/ledger';
import { createMember, createStore, expectBalancedLedger, inLedgerTx, newKey } from '../support/ledger-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

/**
 * How a ledger operation stays exactly-once now that its row is written last, and how account
 * ids are remembered across transactions without ever remembering one a rollback undid.
 */
let bff: TestBff;
let ds: DataSource;
let store: string;

beforeAll(async () => {
  bff = await bootTestBff();
  ds = bff.db.dataSource;
  store = await createStore(ds);
});
afterAll(() => bff?.close());

const count = async (sql: string, params: unknown[]) =>
  Number((await select<{ n: number | string }>(ds.manager, sql, params))[0].n);

test('When an account is created in a transaction that rolls back, Then a later one creates it afresh', async () => {
  // The wallet is created, then read again (seen by its own transaction), then rolled back.
  const other = await createMember(ds);
  let undone = '';
  await expect(
    inLedgerTx(ds, async (tx) => {
      undone = (await memberWallet(tx, other, 'POINTS')).id;
      await memberWallet(tx, other, 'POINTS');
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  expect(await count('SELECT COUNT(*) AS n FROM ledger_accounts WHERE id = ?', [undone])).toBe(0);
  await inLedgerTx(ds, (tx) =>
    earnPoints(tx, { memberId: other, storeId: store, points: 30, idempotencyKey: newKey(), earnedAt: new Date() }),
  );
  expect((await getMemberBalances(ds.manager, other)).points).toBe(30);
  const [wallet] = await select<{ id: string }>(
    ds.manager,
    "SELECT id FROM ledger_accounts WHERE owner_type = 'member' AND owner_id = ? AND purpose = 'wallet' AND asset = 'POINTS'",
    [other],
  );
  expect(wallet.id).not.toBe(undone);
  await expectBalancedLedger(ds);
});

test('When a committed spend is sent again with its key, Then the replay redoes nothing and answers the same', async () => {
  const member = await createMember(ds);
  await inLedgerTx(ds, (tx) =>
    earnPoints(tx, { memberId: member, storeId: store, points: 200, idempotencyKey: newKey(), earnedAt: new Date() }),
  );
  const key = newKey('spend');
  const spend = () =>
    inLedgerTx(ds, (tx) =>
      spendPoints(tx, { at: new Date(), memberId: member, storeId: store, points: 120, idempotencyKey: key }),
    );
  const first = await spend();
  // Only 80 left: the replay's own attempt fails on funds, then finds the committed operation.
  const again = await spend();
  expect(again).toEqual(first);
  expect((await getMemberBalances(ds.manager, member)).points).toBe(80);
  expect(await count('SELECT COUNT(*) AS n FROM ledger_transfers WHERE idempotency_key = ?', [key])).toBe(1);
  expect(await count('SELECT COUNT(*) AS n FROM ledger_operations WHERE op_key = ?', [key])).toBe(1);
  // Enough funds for a second debit: the replay's work reaches the unique transfer key and is undone.
  await inLedgerTx(ds, (tx) =>
    earnPoints(tx, { memberId: member, storeId: store, points: 500, idempotencyKey: newKey(), earnedAt: new Date() }),
  );
  expect(await spend()).toEqual(first);
  expect((await getMemberBalances(ds.manager, member)).points).toBe(580);
  await expectBalancedLedger(ds);
});

test('When the same key comes with a different amount, Then TRANSFER_CONFLICT and nothing moves', async () => {
  const member = await createMember(ds);
  await inLedgerTx(ds, (tx) =>
    earnPoints(tx, { memberId: member, storeId: store, points: 100, idempotencyKey: newKey(), earnedAt: new Date() }),
  );
  const key = newKey('conflict');
  await inLedgerTx(ds, (tx) =>
    spendPoints(tx, { at: new Date(), memberId: member, storeId: store, points: 10, idempotencyKey: key }),
  );
  await expect(
    inLedgerTx(ds, (tx) =>
      spendPoints(tx, { at: new Date(), memberId: member, storeId: store, points: 20, idempotencyKey: key }),
    ),
  ).rejects.toMatchObject({ code: 'TRANSFER_CONFLICT' });
  expect((await getMemberBalances(ds.manager, member)).points).toBe(90);
  await expectBalancedLedger(ds);
});
