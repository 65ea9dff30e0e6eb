import { inTransaction, select } from '../../bff/src/db/tx';
import { importMembersCsv } from '../../bff/src/domain/import/import-members';
import {
  auditLedger,
  clawBackPoints,
  creditStoredValue,
  earnPoints,
  getMemberBalances,
} from '../../bff/src/domain/ledger';
import { createMember } from '../../bff/src/domain/members/create-member';
import { phoneIndexOf } from '../../bff/src/domain/members/phone';
import { DataCrypto } from '../../bff/src/domain/shared/data-crypto';
import { createStore } from '../support/identity-fixtures';
import { createStore as createStoreRow } from '../support/ledger-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

// The per-row reference path posts thousands of transfers one by one: on a loaded 2-core machine
// that outlasts the component default of 60 s without anything being wrong.
jest.setTimeout(240_000);

let bff: TestBff;
let bulkStore: { id: string };
let rowStore: { id: string };

beforeAll(async () => {
  bff = await bootTestBff();
  bulkStore = await createStore(bff, { code: 'BULK', name: 'Batch path' });
  rowStore = await createStore(bff, { code: 'ROW', name: 'Per-row path' });
});
afterAll(async () => {
  await bff.close();
});

const db = () => bff.db.dataSource.manager;
const crypto = () => bff.deps.dataCrypto!;
const NOW = new Date('2026-03-10T04:00:00Z');
const ROWS = 2000;

interface Row {
  phone: string;
  points: number;
  fen: number;
}

/** Zero points or zero stored value on some rows, a spread of tiers and dates. */
function generate(rows: number, change: (row: Row, i: number) => Row = (row) => row): { csv: string; rows: Row[] } {
  const list: Row[] = [];
  const lines = ['phone,name,points,storedValueFen,registeredAt,tier'];
  for (let i = 0; i < rows; i++) {
    const row = change(
      { phone: `1370000${String(i).padStart(4, '0')}`, points: i % 7 === 0 ? 0 : (i * 37) % 5000, fen: (i * 53) % 900 },
      i,
    );
    list.push(row);
    const tier = ['basic', 'silver', 'gold', 'diamond'][i % 4];
    lines.push(`${row.phone},Member ${i},${row.points},${row.fen},${i % 3 === 0 ? '' : '2021-06-01'},${tier}`);
  }
  return { csv: lines.join('\n'), rows: list };
}

const sum = (rows: Row[], field: 'points' | 'fen') => rows.reduce((total, row) => total + row[field], 0);

/** The per-row ledger calls the import made before it was batched, for the other store. */
async function postPerRow(rows: Row[], memberIds: Map<string, string>, store: { id: string; code: string }) {
  const common = { storeId: store.id, fundedBy: 'STORE' as const, causeType: 'import', causeId: store.id };
  for (let start = 0; start < rows.length; start += 250) {
    await inTransaction(bff.db.dataSource, async (tx) => {
      for (const row of rows.slice(start, start + 250)) {
        const memberId = memberIds.get(row.phone) as string;
        const key = `import:${store.code}:${phoneIndexOf(crypto(), row.phone)}`;
        if (row.points > 0) {
          await earnPoints(tx, {
            ...common,
            memberId,
            points: row.points,
            kind: 'IMPORT',
            idempotencyKey: `${key}:points`,
            earnedAt: NOW,
          });
        }
        if (row.fen > 0) {
          await creditStoredValue(tx, {
            ...common,
            memberId,
            fen: row.fen,
            kind: 'IMPORT',
            idempotencyKey: `${key}:cny`,
            at: NOW,
          });
        }
      }
    });
  }
}

async function replayPerRow(rows: Row[], memberIds: Map<string, string>, store: { id: string; code: string }) {
  const common = { storeId: store.id, fundedBy: 'STORE' as const, causeType: 'import', causeId: store.id };
  const [{ n: before }] = await select<{ n: number }>(db(), 'SELECT COUNT(*) AS n FROM ledger_transfers');
  let replays = 0;
  await inTransaction(bff.db.dataSource, async (tx) => {
    for (const row of rows) {
      const memberId = memberIds.get(row.phone) as string;
      const key = `import:${store.code}:${phoneIndexOf(crypto(), row.phone)}`;
      if (row.points > 0) {
        const earned = await earnPoints(tx, {
          ...common,
          memberId,
          points: row.points,
          kind: 'IMPORT',
          idempotencyKey: `${key}:points`,
          earnedAt: NOW,
        });
        expect(earned).toMatchObject({ credited: row.points, debtRepaid: 0 });
        replays++;
      }
      if (row.fen > 0) {
        await creditStoredValue(tx, {
          at: new Date(),
          ...common,
          memberId,
          fen: row.fen,
          kind: 'IMPORT',
          idempotencyKey: `${key}:cny`,
        });
        replays++;
      }
    }
  });
  const [{ n: after }] = await select<{ n: number }>(db(), 'SELECT COUNT(*) AS n FROM ledger_transfers');
  expect(Number(after)).toBe(Number(before));
  return replays;
}

/** Everything the ledger holds for one store's import, with ids and the store replaced by stable names. */
async function ledgerStateOf(store: { id: string; code: string }) {
  const prefix = `import:${store.code}:`;
  const transfers = await select<Record<string, unknown>>(
    db(),
    `SELECT id, idempotency_key, from_account_id, to_account_id, asset, amount, kind, status, store_id, cause_type,
            cause_id, reverses_id, note, created_at FROM ledger_transfers WHERE store_id = ? ORDER BY idempotency_key`,
    [store.id],
  );
  const keyOfTransfer = new Map(transfers.map((t) => [t.id as string, String(t.idempotency_key).slice(prefix.length)]));
  const lots = await select<Record<string, unknown>>(
    db(),
    `SELECT id, account_id, member_id, asset, issuing_store_id, funded_by, amount, remaining, expires_at, earned_at,
            origin_transfer_id FROM ledger_lots WHERE issuing_store_id = ?`,
    [store.id],
  );
  const keyOfLot = new Map(lots.map((l) => [l.id as string, keyOfTransfer.get(l.origin_transfer_id as string)]));
  const operations = await select<{ op_key: string; result_json: string }>(
    db(),
    'SELECT op_key, result_json FROM ledger_operations WHERE op_key LIKE ? ORDER BY op_key',
    [`${prefix}%`],
  );
  const normal = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value));
  // Imported balances come out of that store's own import accounts (one per asset).
  const importAccounts = await select<{ id: string }>(
    db(),
    "SELECT id FROM ledger_accounts WHERE owner_type = 'store' AND owner_id = ? AND purpose = 'import'",
    [store.id],
  );
  const storeImportIds = new Set(importAccounts.map((account) => account.id));
  return {
    transfers: transfers.map(({ id, store_id, cause_id, idempotency_key, from_account_id, ...rest }) => ({
      key: keyOfTransfer.get(id as string),
      sameStore: store_id === store.id && cause_id === store.id,
      fromStoreImportAccount: storeImportIds.has(String(from_account_id)),
      ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, normal(v)])),
    })),
    lots: lots
      .map(({ id, origin_transfer_id, issuing_store_id, ...rest }) => ({
        key: keyOfLot.get(id as string),
        ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, normal(v)])),
      }))
      .sort((a, b) => String(a.key).localeCompare(String(b.key))),
    operations: operations.map((op) => {
      const result = JSON.parse(op.result_json) as Record<string, unknown>;
      return {
        key: op.op_key.slice(prefix.length),
        ...result,
        transferIds: (result.transferIds as string[] | undefined)?.map((id) => keyOfTransfer.get(id)),
        transferId: result.transferId === undefined ? undefined : keyOfTransfer.get(result.transferId as string),
        lotId: keyOfLot.get(result.lotId as string),
      };
    }),
  };
}

describe('Legacy member import in batches', () => {
  test('When 2,000 rows are imported in batches, Then members, transfers, lots, operations and balances equal what the per-row ledger calls make', async () => {
    const { csv, rows } = generate(ROWS);
    // One member already has a wallet with points: the batch credits an existing account too.
    const early = await inTransaction(bff.db.dataSource, async (tx) => {
      const member = await createMember(tx, {
        phoneEnc: crypto().encrypt(rows[5].phone),
        phoneIndex: phoneIndexOf(crypto(), rows[5].phone),
        createdAt: NOW,
      });
      await earnPoints(tx, { memberId: member.id, storeId: null, points: 50, idempotencyKey: 'pre', earnedAt: NOW });
      return member.id;
    });

    const summary = await importMembersCsv(bff.deps.dataSource, crypto(), csv, { storeCode: 'BULK', now: NOW });
    expect(summary).toMatchObject({
      rows: ROWS,
      created: ROWS - 1,
      existing: 1,
      pointsPosted: sum(rows, 'points'),
      storedValueFenPosted: sum(rows, 'fen'),
      rejected: [],
    });

    const members = await select<Record<string, unknown>>(
      db(),
      `SELECT id, phone_enc, status, earn_blocked, spend_blocked, block_reason, merged_into_id, home_store_id, tier,
              referrer_id, name, created_at, updated_at FROM members WHERE home_store_id = ?`,
      [bulkStore.id],
    );
    expect(members).toHaveLength(ROWS - 1);
    const memberIds = new Map(members.map((m) => [crypto().decrypt(m.phone_enc as string), m.id as string]));
    memberIds.set(rows[5].phone, early);
    const wang = members.find((m) => m.name === 'Member 2');
    expect(wang).toMatchObject({ status: 'active', tier: 'gold', referrer_id: null, merged_into_id: null });
    expect(Number(wang?.earn_blocked)).toBe(0);
    const [{ n: distinctCodes }] = await select<{ n: number }>(
      db(),
      'SELECT COUNT(DISTINCT member_code_id) + COUNT(DISTINCT referral_code) AS n FROM members',
    );
    expect(Number(distinctCodes)).toBe(2 * ROWS);

    await postPerRow(rows, memberIds, { id: rowStore.id, code: 'ROW' });
    const batched = await ledgerStateOf({ id: bulkStore.id, code: 'BULK' });
    const perRow = await ledgerStateOf({ id: rowStore.id, code: 'ROW' });
    expect(batched.transfers.length).toBe(
      rows.filter((r) => r.points > 0).length + rows.filter((r) => r.fen > 0).length,
    );
    expect(batched.transfers).toEqual(perRow.transfers);
    expect(batched.transfers.every((transfer) => transfer.fromStoreImportAccount)).toBe(true);
    expect(batched.lots).toEqual(perRow.lots);
    expect(batched.operations).toEqual(perRow.operations);

    // The per-row calls under the batch's keys replay (same request hash) and return the stored result.
    const replayed = await replayPerRow(rows, memberIds, { id: bulkStore.id, code: 'BULK' });
    expect(replayed).toBe(batched.operations.length);

    for (const i of [0, 5, 1234, ROWS - 1]) {
      expect(await getMemberBalances(db(), memberIds.get(rows[i].phone) as string)).toMatchObject({
        points: 2 * rows[i].points + (i === 5 ? 50 : 0),
        storedValueFen: 2 * rows[i].fen,
      });
    }
    expect((await auditLedger(bff.db.dataSource)).balanced).toBe(true);
  });

  test('When the same file is imported again, Then nothing changes; when amounts changed, Then those rows are reported and nothing is posted', async () => {
    const count = async () =>
      Number((await select<{ n: number }>(db(), 'SELECT COUNT(*) AS n FROM ledger_transfers'))[0].n);
    const before = await count();
    const { csv, rows } = generate(ROWS);
    const again = await importMembersCsv(bff.deps.dataSource, crypto(), csv, { storeCode: 'BULK', now: new Date() });
    expect(again).toMatchObject({ created: 0, existing: ROWS, pointsPosted: sum(rows, 'points'), rejected: [] });
    expect(await count()).toBe(before);

    // Row 1 changes its points, row 2 only its stored value: both were imported with other balances.
    const changed = generate(ROWS, (row, i) => (i === 1 ? { ...row, points: 1 } : i === 2 ? { ...row, fen: 1 } : row));
    const third = await importMembersCsv(bff.deps.dataSource, crypto(), changed.csv, { storeCode: 'BULK', now: NOW });
    expect(third.rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, 'already imported with different balances'],
      [4, 'already imported with different balances'],
    ]);
    expect(third.pointsPosted).toBe(sum(rows, 'points') - rows[1].points - rows[2].points);
    expect(await count()).toBe(before);
    expect((await auditLedger(bff.db.dataSource)).balanced).toBe(true);
  });

  test('When a member in the file owes points (an earlier clawback), Then the import repays the debt first, like earnPoints', async () => {
    const phone = '13600000001';
    const memberId = await inTransaction(bff.db.dataSource, async (tx) => {
      const member = await createMember(tx, {
        phoneEnc: crypto().encrypt(phone),
        phoneIndex: phoneIndexOf(crypto(), phone),
        createdAt: NOW,
      });
      const clawed = await clawBackPoints(tx, {
        at: new Date(),
        memberId: member.id,
        storeId: rowStore.id,
        points: 30,
        idempotencyKey: 'debt',
        causeType: 'test',
        causeId: 'debt',
      });
      expect(clawed.debt).toBe(30);
      return member.id;
    });
    const csv = [
      'phone,name,points,storedValueFen,registeredAt,tier',
      `${phone},Debtor,100,40,,`,
      '13600000002,New,5,0,,',
    ];
    const summary = await importMembersCsv(bff.deps.dataSource, crypto(), csv.join('\n'), {
      storeCode: 'BULK',
      now: NOW,
    });
    expect(summary).toMatchObject({ created: 1, existing: 1, pointsPosted: 105, storedValueFenPosted: 40 });
    expect(await getMemberBalances(db(), memberId)).toEqual({
      points: 70,
      pendingPoints: 0,
      storedValueFen: 40,
      pointsDebt: 0,
    });
    expect((await auditLedger(bff.db.dataSource)).balanced).toBe(true);
  });
});

describe('Legacy member import in batches on SQLite', () => {
  let lite: TestBff;
  beforeAll(async () => {
    lite = await bootTestBff({ sqlite: true });
  });
  afterAll(() => lite?.close());

  test('When 300 rows are imported into the embedded database, Then balances match the file and the ledger audit holds', async () => {
    const storeId = await createStoreRow(lite.db.dataSource);
    const [{ code }] = await select<{ code: string }>(
      lite.db.dataSource.manager,
      'SELECT code FROM stores WHERE id = ?',
      [storeId],
    );
    const liteCrypto = lite.deps.dataCrypto ?? new DataCrypto(Buffer.alloc(32, 7).toString('base64'));
    const { csv, rows } = generate(300);
    const summary = await importMembersCsv(lite.db.dataSource, liteCrypto, csv, { storeCode: code, now: NOW });
    expect(summary).toMatchObject({
      created: 300,
      pointsPosted: sum(rows, 'points'),
      storedValueFenPosted: sum(rows, 'fen'),
    });
    const [wallets] = await select<{ points: number; fen: number }>(
      lite.db.dataSource.manager,
      `SELECT SUM(CASE WHEN asset = 'POINTS' THEN balance ELSE 0 END) AS points,
              SUM(CASE WHEN asset = 'CNY' THEN balance ELSE 0 END) AS fen FROM ledger_accounts WHERE purpose = 'wallet'`,
    );
    expect([Number(wallets.points), Number(wallets.fen)]).toEqual([sum(rows, 'points'), sum(rows, 'fen')]);
    const again = await importMembersCsv(lite.db.dataSource, liteCrypto, csv, { storeCode: code, now: NOW });
    expect(again).toMatchObject({ created: 0, existing: 300, rejected: [] });
    expect((await auditLedger(lite.db.dataSource)).balanced).toBe(true);
  });
});
