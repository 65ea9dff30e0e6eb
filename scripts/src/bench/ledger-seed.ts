import type { DataSource } from 'typeorm';
import { inTransaction } from '../../../bff/src/db/tx';
import { accountOf } from '../../../bff/src/domain/ledger';
import { monotonicFactory } from '../../../bff/src/domain/shared/ulid';
import { insertRows as insertRowsWith } from './bench-db';

const nextId = monotonicFactory();
const CHUNK = 1000;

/**
 * Bulk-loads a consistent ledger for tests and the benchmark: members with wallets, one EARN
 * transfer and one lot per earn, store balances to match, in multi-row INSERTs (the ledger
 * module would take one transaction per earn). The audit holds afterwards.
 */
export async function seedLots(
  dataSource: DataSource,
  input: {
    storeId: string;
    memberIds: string[];
    lotsPerMember: number;
    pointsPerLot: number;
    expiresAt: Date;
    onChunk?: (done: number) => void;
  },
): Promise<number> {
  const { storeId, memberIds, lotsPerMember, pointsPerLot, expiresAt } = input;
  const issued = await inTransaction(dataSource, (tx) => accountOf(tx, 'store', storeId, 'points_issued', 'POINTS'));
  const now = new Date();
  const transfers: unknown[][] = [];
  const lots: unknown[][] = [];
  const accounts: unknown[][] = [];
  let done = 0;
  const flush = async () => {
    await insertRows(
      dataSource,
      'ledger_accounts',
      ['id', 'owner_type', 'owner_id', 'purpose', 'asset', 'balance', 'pending_in', 'no_negative', 'created_at'],
      accounts,
    );
    await insertRows(
      dataSource,
      'ledger_transfers',
      [
        'id',
        'idempotency_key',
        'from_account_id',
        'to_account_id',
        'asset',
        'amount',
        'kind',
        'status',
        'store_id',
        'cause_type',
        'cause_id',
        'reverses_id',
        'note',
        'created_at',
      ],
      transfers,
    );
    await insertRows(
      dataSource,
      'ledger_lots',
      [
        'id',
        'account_id',
        'member_id',
        'asset',
        'issuing_store_id',
        'funded_by',
        'amount',
        'remaining',
        'expires_at',
        'earned_at',
        'origin_transfer_id',
        'created_at',
      ],
      lots,
    );
    done += lots.length;
    accounts.length = 0;
    transfers.length = 0;
    lots.length = 0;
    input.onChunk?.(done);
  };
  for (const memberId of memberIds) {
    const walletId = nextId();
    accounts.push([walletId, 'member', memberId, 'wallet', 'POINTS', lotsPerMember * pointsPerLot, 0, 1, now]);
    for (let i = 0; i < lotsPerMember; i++) {
      const transferId = nextId();
      transfers.push([
        transferId,
        `seed:${transferId}`,
        issued.id,
        walletId,
        'POINTS',
        pointsPerLot,
        'EARN',
        'posted',
        storeId,
        'seed',
        null,
        null,
        null,
        now,
      ]);
      lots.push([
        nextId(),
        walletId,
        memberId,
        'POINTS',
        storeId,
        'STORE',
        pointsPerLot,
        pointsPerLot,
        expiresAt,
        now,
        transferId,
        now,
      ]);
    }
    if (lots.length >= CHUNK) await flush();
  }
  if (lots.length > 0 || accounts.length > 0) await flush();
  const total = memberIds.length * lotsPerMember * pointsPerLot;
  await dataSource.query('UPDATE ledger_accounts SET balance = balance - ? WHERE id = ?', [total, issued.id]);
  return done;
}

function insertRows(dataSource: DataSource, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  return insertRowsWith((sql, params) => dataSource.query(sql, params), table, columns, rows, CHUNK);
}
