import type { DataSource } from 'typeorm';
import { select } from '../../bff/src/db/tx';
import {
  clawBackPoints,
  creditStoredValue,
  debitStoredValue,
  earnPoints,
  getMemberBalances,
  holdPoints,
  postTransfer,
  returnStoredValue,
  reverseTransfer,
  spendPoints,
  voidTransfer,
} from '../../bff/src/domain/ledger';
import { createMember, createStore, expectBalancedLedger, inLedgerTx, newKey } from '../support/ledger-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

let bff: TestBff;
let ds: DataSource;
let storeA: string;
let storeB: string;

beforeAll(async () => {
  bff = await bootTestBff();
  ds = bff.db.dataSource;
  storeA = await createStore(ds);
  storeB = await createStore(ds);
});
afterAll(() => bff?.close());

const earn = (memberId: string, points: number) =>
  inLedgerTx(ds, (tx) =>
    earnPoints(tx, { memberId, storeId: storeA, points, idempotencyKey: newKey(), earnedAt: new Date() }),
  );
const balances = (memberId: string) => getMemberBalances(ds.manager, memberId);
const UNKNOWN = '01ZZZZZZZZZZZZZZZZZZZZZZZZ';

test('When a transfer id is unknown, Then post, void and reverse answer TRANSFER_NOT_FOUND', async () => {
  await expect(inLedgerTx(ds, (tx) => postTransfer(tx, UNKNOWN, new Date()))).rejects.toMatchObject({
    code: 'TRANSFER_NOT_FOUND',
    status: 404,
  });
  await expect(inLedgerTx(ds, (tx) => voidTransfer(tx, UNKNOWN, new Date()))).rejects.toMatchObject({
    code: 'TRANSFER_NOT_FOUND',
  });
  await expect(
    inLedgerTx(ds, (tx) => reverseTransfer(tx, { at: new Date(), transferId: UNKNOWN, idempotencyKey: newKey() })),
  ).rejects.toMatchObject({ code: 'TRANSFER_NOT_FOUND' });
});

test('When a pending hold or a voided one is reversed, Then TRANSFER_NOT_REVERSIBLE (post or void it instead)', async () => {
  const member = await createMember(ds);
  await earn(member, 40);
  const hold = await inLedgerTx(ds, (tx) =>
    holdPoints(tx, { at: new Date(), memberId: member, storeId: storeB, points: 15, idempotencyKey: newKey() }),
  );
  await expect(
    inLedgerTx(ds, (tx) =>
      reverseTransfer(tx, { at: new Date(), transferId: hold.transferId, idempotencyKey: newKey() }),
    ),
  ).rejects.toMatchObject({ code: 'TRANSFER_NOT_REVERSIBLE', details: { reason: 'it is pending' } });
  await inLedgerTx(ds, (tx) => voidTransfer(tx, hold.transferId, new Date()));
  await expect(
    inLedgerTx(ds, (tx) =>
      reverseTransfer(tx, { at: new Date(), transferId: hold.transferId, idempotencyKey: newKey() }),
    ),
  ).rejects.toMatchObject({ code: 'TRANSFER_NOT_REVERSIBLE', details: { reason: 'it is voided' } });
  expect((await balances(member)).points).toBe(40);
});

test('When an amount is zero, negative or fractional, Then VALIDATION_FAILED and nothing is written', async () => {
  const member = await createMember(ds);
  await earn(member, 10);
  for (const points of [0, -5, 1.5]) {
    await expect(
      inLedgerTx(ds, (tx) =>
        spendPoints(tx, { at: new Date(), memberId: member, storeId: storeA, points, idempotencyKey: newKey() }),
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      inLedgerTx(ds, (tx) =>
        earnPoints(tx, { memberId: member, storeId: storeA, points, idempotencyKey: newKey(), earnedAt: new Date() }),
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  }
  expect((await balances(member)).points).toBe(10);
});

test('When stored value paid at another store is refunded, Then the lots come back naming the top-up store', async () => {
  const member = await createMember(ds);
  await inLedgerTx(ds, (tx) =>
    creditStoredValue(tx, {
      at: new Date(),
      memberId: member,
      storeId: storeA,
      fen: 3000,
      idempotencyKey: newKey(),
      kind: 'TOPUP',
    }),
  );
  const paid = await inLedgerTx(ds, (tx) =>
    debitStoredValue(tx, { at: new Date(), memberId: member, storeId: storeB, fen: 3000, idempotencyKey: newKey() }),
  );
  expect((await balances(member)).storedValueFen).toBe(0);
  await inLedgerTx(ds, (tx) =>
    returnStoredValue(tx, {
      at: new Date(),
      memberId: member,
      storeId: storeB,
      portions: paid.consumed,
      idempotencyKey: newKey(),
      causeType: 'refund',
      causeId: 'r',
    }),
  );
  const lots = await select<{ issuing_store_id: string; remaining: number }>(
    ds.manager,
    "SELECT issuing_store_id, remaining FROM ledger_lots WHERE member_id = ? AND asset = 'CNY' AND remaining > 0",
    [member],
  );
  expect(lots.map((l) => [l.issuing_store_id, Number(l.remaining)])).toEqual([[storeA, 3000]]);
  expect((await balances(member)).storedValueFen).toBe(3000);
});

test('When a top-up is reversed after part was spent, Then INSUFFICIENT_BALANCE; before, Then the top-up lot is taken back', async () => {
  const member = await createMember(ds);
  const topUp = await inLedgerTx(ds, (tx) =>
    creditStoredValue(tx, {
      at: new Date(),
      memberId: member,
      storeId: storeA,
      fen: 1000,
      idempotencyKey: newKey(),
      kind: 'TOPUP',
    }),
  );
  const other = await createMember(ds);
  const otherTopUp = await inLedgerTx(ds, (tx) =>
    creditStoredValue(tx, {
      at: new Date(),
      memberId: other,
      storeId: storeA,
      fen: 1000,
      idempotencyKey: newKey(),
      kind: 'TOPUP',
    }),
  );
  await inLedgerTx(ds, (tx) =>
    debitStoredValue(tx, { at: new Date(), memberId: other, storeId: storeA, fen: 1, idempotencyKey: newKey() }),
  );
  await expect(
    inLedgerTx(ds, (tx) =>
      reverseTransfer(tx, { at: new Date(), transferId: otherTopUp.transferId, idempotencyKey: newKey() }),
    ),
  ).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
  await inLedgerTx(ds, (tx) =>
    reverseTransfer(tx, { at: new Date(), transferId: topUp.transferId, idempotencyKey: newKey() }),
  );
  expect((await balances(member)).storedValueFen).toBe(0);
  await expectBalancedLedger(ds);
});

test('When a member with nothing is clawed back, Then it all becomes debt; a replay of the clawback changes nothing', async () => {
  const member = await createMember(ds);
  const key = newKey('claw');
  const first = await inLedgerTx(ds, (tx) =>
    clawBackPoints(tx, { at: new Date(), memberId: member, storeId: storeA, points: 25, idempotencyKey: key }),
  );
  const replay = await inLedgerTx(ds, (tx) =>
    clawBackPoints(tx, { at: new Date(), memberId: member, storeId: storeA, points: 25, idempotencyKey: key }),
  );
  expect(first).toEqual({ clawedBack: 0, debt: 25, consumed: [] });
  expect(replay).toEqual(first);
  expect(await balances(member)).toMatchObject({ points: 0, pointsDebt: 25 });
  await expect(
    inLedgerTx(ds, (tx) =>
      clawBackPoints(tx, { at: new Date(), memberId: member, storeId: storeA, points: 26, idempotencyKey: key }),
    ),
  ).rejects.toMatchObject({ code: 'TRANSFER_CONFLICT' });
  await earn(member, 25);
  expect(await balances(member)).toMatchObject({ points: 0, pointsDebt: 0 });
  await expectBalancedLedger(ds);
});

test('When a hold is replayed with the same key, Then the same pending transfer comes back and nothing more is held', async () => {
  const member = await createMember(ds);
  await earn(member, 30);
  const key = newKey('hold');
  const first = await inLedgerTx(ds, (tx) =>
    holdPoints(tx, { at: new Date(), memberId: member, storeId: storeB, points: 10, idempotencyKey: key }),
  );
  const again = await inLedgerTx(ds, (tx) =>
    holdPoints(tx, { at: new Date(), memberId: member, storeId: storeB, points: 10, idempotencyKey: key }),
  );
  expect(again).toEqual(first);
  expect(await balances(member)).toMatchObject({ points: 20, pendingPoints: 10 });
  await inLedgerTx(ds, (tx) => postTransfer(tx, first.transferId, new Date()));
});
