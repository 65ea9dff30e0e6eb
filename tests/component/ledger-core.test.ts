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
  returnPoints,
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
const earnedAt = new Date('2026-03-10T04:00:00Z');

beforeAll(async () => {
  bff = await bootTestBff();
  ds = bff.db.dataSource;
  storeA = await createStore(ds, 'A');
  storeB = await createStore(ds, 'B');
});
afterAll(() => bff?.close());

const earn = (memberId: string, points: number, key = newKey('earn'), storeId = storeA) =>
  inLedgerTx(ds, (tx) =>
    earnPoints(tx, { memberId, storeId, points, idempotencyKey: key, earnedAt, causeType: 'test', causeId: key }),
  );
const balances = (memberId: string) => getMemberBalances(ds.manager, memberId);
const transferCount = async () =>
  Number((await select<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM ledger_transfers'))[0].n);

describe('earn and spend', () => {
  test('When a member earns, Then the wallet is credited and a lot with store and 24-month expiry is created', async () => {
    const member = await createMember(ds);
    const result = await earn(member, 120);
    expect(result).toMatchObject({ debtRepaid: 0, credited: 120 });
    expect(result.transferIds).toHaveLength(1);
    expect(await balances(member)).toEqual({ points: 120, pendingPoints: 0, storedValueFen: 0, pointsDebt: 0 });
    const [lot] = await select<{ issuing_store_id: string; remaining: number; expires_at: Date }>(
      ds.manager,
      'SELECT issuing_store_id, remaining, expires_at FROM ledger_lots WHERE id = ?',
      [result.lotId],
    );
    expect(lot.issuing_store_id).toBe(storeA);
    expect(Number(lot.remaining)).toBe(120);
    // earned 10 March (Shanghai) → lives to the end of 10 March two years later, local time
    expect(new Date(lot.expires_at).toISOString()).toBe('2028-03-10T16:00:00.000Z');
    await expectBalancedLedger(ds);
  });

  test('When points are spent, Then lots are consumed earliest-expiry first and reported for settlement', async () => {
    const member = await createMember(ds);
    const late = newKey();
    await inLedgerTx(ds, (tx) =>
      earnPoints(tx, {
        memberId: member,
        storeId: storeA,
        points: 50,
        idempotencyKey: late,
        earnedAt,
        expiresAt: new Date('2027-06-01T00:00:00Z'),
      }),
    );
    await inLedgerTx(ds, (tx) =>
      earnPoints(tx, {
        memberId: member,
        storeId: storeB,
        points: 30,
        idempotencyKey: newKey(),
        earnedAt,
        expiresAt: new Date('2027-01-01T00:00:00Z'),
      }),
    );
    const spent = await inLedgerTx(ds, (tx) =>
      spendPoints(tx, {
        at: new Date(),
        memberId: member,
        storeId: storeB,
        points: 40,
        idempotencyKey: newKey('spend'),
        causeType: 'test',
        causeId: 'x',
      }),
    );
    expect(spent.consumed.map((p) => [p.issuingStoreId, p.amount, p.fundedBy])).toEqual([
      [storeB, 30, 'STORE'],
      [storeA, 10, 'STORE'],
    ]);
    expect((await balances(member)).points).toBe(40);
  });

  test('When a member spends more than they hold, Then INSUFFICIENT_POINTS and nothing is written', async () => {
    const member = await createMember(ds);
    await earn(member, 10);
    const before = await transferCount();
    await expect(
      inLedgerTx(ds, (tx) =>
        spendPoints(tx, { at: new Date(), memberId: member, storeId: storeA, points: 11, idempotencyKey: newKey() }),
      ),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS', status: 409, details: { requested: 11, available: 10 } });
    expect(await transferCount()).toBe(before);
    expect((await balances(member)).points).toBe(10);
  });

  test('When a ledger call fails inside a larger transaction that goes on, Then the failed call leaves nothing', async () => {
    const member = await createMember(ds);
    await earn(member, 5);
    const before = await transferCount();
    const outcome = await inLedgerTx(ds, async (tx) => {
      const failed = await spendPoints(tx, {
        at: new Date(),
        memberId: member,
        storeId: storeA,
        points: 6,
        idempotencyKey: newKey(),
      }).catch((error) => error.code);
      const ok = await spendPoints(tx, {
        at: new Date(),
        memberId: member,
        storeId: storeA,
        points: 5,
        idempotencyKey: newKey(),
      });
      return { failed, consumed: ok.consumed.length };
    });
    expect(outcome).toEqual({ failed: 'INSUFFICIENT_POINTS', consumed: 1 });
    expect(await transferCount()).toBe(before + 1);
    expect((await balances(member)).points).toBe(0);
  });
});

describe('idempotency', () => {
  test('When the same key comes with the same parameters, Then the first result is returned and nothing moves again', async () => {
    const member = await createMember(ds);
    const key = newKey();
    const first = await earn(member, 70, key);
    const again = await earn(member, 70, key);
    expect(again).toEqual(first);
    expect((await balances(member)).points).toBe(70);
  });

  test('When the same key comes with different parameters, Then TRANSFER_CONFLICT', async () => {
    const member = await createMember(ds);
    const key = newKey();
    await earn(member, 70, key);
    await expect(earn(member, 71, key)).rejects.toMatchObject({ code: 'TRANSFER_CONFLICT', status: 409 });
    expect((await balances(member)).points).toBe(70);
  });
});

describe('two-phase holds', () => {
  test('When a hold is posted, Then the points stay taken and the store receives them', async () => {
    const member = await createMember(ds);
    await earn(member, 100);
    const hold = await inLedgerTx(ds, (tx) =>
      holdPoints(tx, { at: new Date(), memberId: member, storeId: storeB, points: 60, idempotencyKey: newKey('hold') }),
    );
    expect(await balances(member)).toMatchObject({ points: 40, pendingPoints: 60 });
    await expectBalancedLedger(ds);
    await inLedgerTx(ds, (tx) => postTransfer(tx, hold.transferId, new Date()));
    expect(await balances(member)).toMatchObject({ points: 40, pendingPoints: 0 });
    await expectBalancedLedger(ds);
  });

  test('When a hold is voided, Then the member gets the points back as lots with the same store and expiry', async () => {
    const member = await createMember(ds);
    const earned = await earn(member, 100);
    const hold = await inLedgerTx(ds, (tx) =>
      holdPoints(tx, { at: new Date(), memberId: member, storeId: storeB, points: 60, idempotencyKey: newKey('hold') }),
    );
    await inLedgerTx(ds, (tx) => voidTransfer(tx, hold.transferId, new Date()));
    expect(await balances(member)).toMatchObject({ points: 100, pendingPoints: 0 });
    const lots = await select<{ issuing_store_id: string; expires_at: Date }>(
      ds.manager,
      'SELECT issuing_store_id, expires_at FROM ledger_lots WHERE member_id = ? AND remaining > 0',
      [member],
    );
    const [original] = await select<{ expires_at: Date }>(
      ds.manager,
      'SELECT expires_at FROM ledger_lots WHERE id = ?',
      [earned.lotId],
    );
    for (const lot of lots) {
      expect(lot.issuing_store_id).toBe(storeA);
      expect(new Date(lot.expires_at).getTime()).toBe(new Date(original.expires_at).getTime());
    }
    await expectBalancedLedger(ds);
  });

  test('When a posted or voided transfer is posted or voided again, Then TRANSFER_NOT_PENDING', async () => {
    const member = await createMember(ds);
    await earn(member, 100);
    const hold = (key: string) =>
      inLedgerTx(ds, (tx) =>
        holdPoints(tx, { at: new Date(), memberId: member, storeId: storeB, points: 10, idempotencyKey: key }),
      );
    const posted = await hold(newKey());
    await inLedgerTx(ds, (tx) => postTransfer(tx, posted.transferId, new Date()));
    const voided = await hold(newKey());
    await inLedgerTx(ds, (tx) => voidTransfer(tx, voided.transferId, new Date()));
    for (const id of [posted.transferId, voided.transferId]) {
      await expect(inLedgerTx(ds, (tx) => postTransfer(tx, id, new Date()))).rejects.toMatchObject({
        code: 'TRANSFER_NOT_PENDING',
      });
      await expect(inLedgerTx(ds, (tx) => voidTransfer(tx, id, new Date()))).rejects.toMatchObject({
        code: 'TRANSFER_NOT_PENDING',
      });
    }
    const spent = await inLedgerTx(ds, (tx) =>
      spendPoints(tx, { at: new Date(), memberId: member, storeId: storeB, points: 1, idempotencyKey: newKey() }),
    );
    await expect(inLedgerTx(ds, (tx) => voidTransfer(tx, spent.transferId, new Date()))).rejects.toMatchObject({
      code: 'TRANSFER_NOT_PENDING',
    });
    expect((await balances(member)).points).toBe(89);
  });
});

describe('reversals', () => {
  test('When a redemption is reversed, Then a new REVERSAL transfer returns the points and the original stays', async () => {
    const member = await createMember(ds);
    await earn(member, 50);
    const spent = await inLedgerTx(ds, (tx) =>
      spendPoints(tx, { at: new Date(), memberId: member, storeId: storeB, points: 20, idempotencyKey: newKey() }),
    );
    const reversal = await inLedgerTx(ds, (tx) =>
      reverseTransfer(tx, {
        at: new Date(),
        transferId: spent.transferId,
        idempotencyKey: newKey('rev'),
        causeType: 'test',
        causeId: 'r',
      }),
    );
    expect((await balances(member)).points).toBe(50);
    const rows = await select<{ id: string; kind: string; status: string; reverses_id: string | null }>(
      ds.manager,
      'SELECT id, kind, status, reverses_id FROM ledger_transfers WHERE id IN (?, ?) ORDER BY id',
      [spent.transferId, reversal.transferId],
    );
    expect(rows).toEqual([
      { id: spent.transferId, kind: 'REDEEM', status: 'posted', reverses_id: null },
      { id: reversal.transferId, kind: 'REVERSAL', status: 'posted', reverses_id: spent.transferId },
    ]);
    await expectBalancedLedger(ds);
  });

  test('When a reversal is reversed, or a transfer reversed twice, Then TRANSFER_NOT_REVERSIBLE', async () => {
    const member = await createMember(ds);
    const earned = await earn(member, 50);
    const reversal = await inLedgerTx(ds, (tx) =>
      reverseTransfer(tx, { at: new Date(), transferId: earned.transferIds[0], idempotencyKey: newKey('rev') }),
    );
    expect((await balances(member)).points).toBe(0);
    await expect(
      inLedgerTx(ds, (tx) =>
        reverseTransfer(tx, { at: new Date(), transferId: reversal.transferId, idempotencyKey: newKey('rev') }),
      ),
    ).rejects.toMatchObject({ code: 'TRANSFER_NOT_REVERSIBLE', details: { reason: 'it is itself a reversal' } });
    await expect(
      inLedgerTx(ds, (tx) =>
        reverseTransfer(tx, { at: new Date(), transferId: earned.transferIds[0], idempotencyKey: newKey('rev') }),
      ),
    ).rejects.toMatchObject({ code: 'TRANSFER_NOT_REVERSIBLE', details: { reason: 'it was already reversed' } });
  });

  test('When an earn whose points were spent is reversed, Then INSUFFICIENT_POINTS (use a clawback instead)', async () => {
    const member = await createMember(ds);
    const earned = await earn(member, 50);
    await inLedgerTx(ds, (tx) =>
      spendPoints(tx, { at: new Date(), memberId: member, storeId: storeA, points: 30, idempotencyKey: newKey() }),
    );
    await expect(
      inLedgerTx(ds, (tx) =>
        reverseTransfer(tx, { at: new Date(), transferId: earned.transferIds[0], idempotencyKey: newKey() }),
      ),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS' });
  });

  test('When a refund returns consumed portions, Then lots come back with their issuing store', async () => {
    const member = await createMember(ds);
    await earn(member, 30, newKey(), storeA);
    const spent = await inLedgerTx(ds, (tx) =>
      spendPoints(tx, { at: new Date(), memberId: member, storeId: storeB, points: 30, idempotencyKey: newKey() }),
    );
    await inLedgerTx(ds, (tx) =>
      returnPoints(tx, {
        at: new Date(),
        memberId: member,
        storeId: storeB,
        portions: spent.consumed,
        idempotencyKey: newKey(),
        causeType: 'refund',
        causeId: 'r1',
      }),
    );
    const lots = await select<{ issuing_store_id: string; remaining: number }>(
      ds.manager,
      'SELECT issuing_store_id, remaining FROM ledger_lots WHERE member_id = ? AND remaining > 0',
      [member],
    );
    expect(lots.map((l) => [l.issuing_store_id, Number(l.remaining)])).toEqual([[storeA, 30]]);
  });
});

describe('clawback and points debt', () => {
  test('When a clawback needs more than the member holds, Then the rest becomes debt and the next earn repays it first', async () => {
    const member = await createMember(ds);
    await earn(member, 30);
    const clawed = await inLedgerTx(ds, (tx) =>
      clawBackPoints(tx, {
        at: new Date(),
        memberId: member,
        storeId: storeA,
        points: 100,
        idempotencyKey: newKey('claw'),
        causeType: 'refund',
        causeId: 'c',
      }),
    );
    expect(clawed).toMatchObject({ clawedBack: 30, debt: 70 });
    expect(await balances(member)).toMatchObject({ points: 0, pointsDebt: 70 });
    await expectBalancedLedger(ds);
    const first = await earn(member, 50);
    expect(first).toMatchObject({ debtRepaid: 50, credited: 0, lotId: null });
    expect(await balances(member)).toMatchObject({ points: 0, pointsDebt: 20 });
    const second = await earn(member, 50);
    expect(second).toMatchObject({ debtRepaid: 20, credited: 30 });
    expect(await balances(member)).toMatchObject({ points: 30, pointsDebt: 0 });
    await expectBalancedLedger(ds);
  });
});

describe('stored value', () => {
  test('When stored value is topped up and spent, Then INSUFFICIENT_BALANCE guards it and lots name the top-up store', async () => {
    const member = await createMember(ds);
    await inLedgerTx(ds, (tx) =>
      creditStoredValue(tx, {
        at: new Date(),
        memberId: member,
        storeId: storeA,
        fen: 10_000,
        idempotencyKey: newKey(),
        kind: 'TOPUP',
      }),
    );
    const spent = await inLedgerTx(ds, (tx) =>
      debitStoredValue(tx, { at: new Date(), memberId: member, storeId: storeB, fen: 2_500, idempotencyKey: newKey() }),
    );
    expect(spent.consumed).toEqual([
      expect.objectContaining({ issuingStoreId: storeA, amount: 2_500, expiresAt: null }),
    ]);
    await expect(
      inLedgerTx(ds, (tx) =>
        debitStoredValue(tx, {
          at: new Date(),
          memberId: member,
          storeId: storeB,
          fen: 7_501,
          idempotencyKey: newKey(),
        }),
      ),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE', status: 409 });
    expect((await balances(member)).storedValueFen).toBe(7_500);
    await expectBalancedLedger(ds);
  });
});
