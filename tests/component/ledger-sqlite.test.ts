import type { DataSource } from 'typeorm';
import { inTransaction } from '../../bff/src/db/tx';
import {
  auditLedger,
  clawBackPoints,
  creditStoredValue,
  debitStoredValue,
  earnPoints,
  getMemberBalances,
  holdPoints,
  reverseTransfer,
  spendPoints,
  voidTransfer,
} from '../../bff/src/domain/ledger';
import { expireAllDue } from '../../bff/src/jobs';
import { createMember, createStore, newKey } from '../support/ledger-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

// The embedded demo database (`npm start` without DATABASE_URL) runs the same ledger.
let bff: TestBff;
let ds: DataSource;

beforeAll(async () => {
  bff = await bootTestBff({ sqlite: true });
  ds = bff.db.dataSource;
});
afterAll(() => bff?.close());

test('When the ledger runs on SQLite, Then earn, spend, hold, void, reverse, clawback, stored value and expiry keep it balanced', async () => {
  const store = await createStore(ds);
  const member = await createMember(ds);
  const run = <T>(work: Parameters<typeof inTransaction<T>>[1]) => inTransaction(ds, work);
  await run((tx) =>
    earnPoints(tx, {
      memberId: member,
      storeId: store,
      points: 100,
      idempotencyKey: newKey(),
      earnedAt: new Date('2026-01-01T00:00:00Z'),
      expiresAt: new Date('2026-02-01T00:00:00Z'),
    }),
  );
  await run((tx) =>
    earnPoints(tx, {
      memberId: member,
      storeId: store,
      points: 50,
      idempotencyKey: newKey(),
      earnedAt: new Date('2026-01-01T00:00:00Z'),
    }),
  );
  const spent = await run((tx) =>
    spendPoints(tx, { at: new Date(), memberId: member, storeId: store, points: 30, idempotencyKey: newKey() }),
  );
  expect(spent.consumed).toEqual([
    expect.objectContaining({ amount: 30, expiresAt: new Date('2026-02-01T00:00:00Z') }),
  ]);
  await expect(
    run((tx) =>
      spendPoints(tx, { at: new Date(), memberId: member, storeId: store, points: 1000, idempotencyKey: newKey() }),
    ),
  ).rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS' });
  const hold = await run((tx) =>
    holdPoints(tx, { at: new Date(), memberId: member, storeId: store, points: 20, idempotencyKey: newKey() }),
  );
  await run((tx) => voidTransfer(tx, hold.transferId, new Date()));
  await run((tx) => reverseTransfer(tx, { at: new Date(), transferId: spent.transferId, idempotencyKey: newKey() }));
  await run((tx) =>
    creditStoredValue(tx, {
      at: new Date(),
      memberId: member,
      storeId: store,
      fen: 500,
      idempotencyKey: newKey(),
      kind: 'TOPUP',
    }),
  );
  await run((tx) =>
    debitStoredValue(tx, { at: new Date(), memberId: member, storeId: store, fen: 200, idempotencyKey: newKey() }),
  );
  expect(await expireAllDue(ds, new Date('2026-02-02T00:00:00Z'))).toBeGreaterThanOrEqual(1);
  await run((tx) =>
    clawBackPoints(tx, { at: new Date(), memberId: member, storeId: store, points: 70, idempotencyKey: newKey() }),
  );
  expect(await getMemberBalances(ds.manager, member)).toEqual({
    points: 0,
    pendingPoints: 0,
    storedValueFen: 300,
    pointsDebt: 20,
  });
  expect((await auditLedger(ds)).balanced).toBe(true);
  // The audit's checkpoint on SQLite: the full audit writes it, each incremental one adds to it.
  const topUp = () =>
    run((tx) =>
      creditStoredValue(tx, {
        at: new Date(),
        memberId: member,
        storeId: store,
        fen: 100,
        idempotencyKey: newKey(),
        kind: 'TOPUP',
      }),
    );
  for (const scope of ['full', 'incremental', 'incremental'] as const) {
    await topUp();
    expect(await auditLedger(ds, { scope, settleMs: 0 })).toMatchObject({ balanced: true, scope });
  }
});
