import type { DataSource } from 'typeorm';
import { execute, inTransaction, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { bulkImportOpeningBalances } from '../ledger';
import { higherTier } from '../members/member-keys';
import { phoneIndexOf } from '../members/phone';
import { AppError } from '../shared/app-error';
import type { DataCrypto } from '../shared/data-crypto';
import { createMembersBulk } from './create-members-bulk';
import { type CsvRecord, parseMemberCsv } from './parse-member-csv';
import { type ImportRow, isRejected, type RejectedRow, validateImportRow } from './validate-import-row';

export const IMPORT_BATCH_ROWS = 1000;

export interface ImportOptions {
  storeCode: string;
  dryRun?: boolean;
  now: Date;
  /** Batches run on this many connections at once (each its own transaction). */
  parallelism?: number;
  onProgress?: (doneRows: number, totalRows: number) => void;
}

export interface ImportSummary {
  rows: number;
  created: number;
  existing: number;
  pointsPosted: number;
  storedValueFenPosted: number;
  rejected: RejectedRow[];
  dryRun: boolean;
}

class DryRunRollback extends Error {}

/**
 * Legacy members from a store's POS export. Phones are normalised; a phone seen again later in the
 * file is rejected as a duplicate (rows are not summed: two exports of one member would otherwise
 * double their balance). A phone already in the database is imported into that member. Opening
 * balances are IMPORT transfers from the store's accounts, keyed `import:<store>:<phoneIndex>:…`,
 * so running the same file again changes nothing.
 */
export async function importMembersCsv(
  dataSource: DataSource,
  crypto: DataCrypto,
  text: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const store = await storeByCode(dataSource.manager, options.storeCode);
  const { rows, rejected } = validateAll(parseMemberCsv(text));
  const summary: ImportSummary = {
    rows: rows.length + rejected.length,
    created: 0,
    existing: 0,
    pointsPosted: 0,
    storedValueFenPosted: 0,
    rejected,
    dryRun: Boolean(options.dryRun),
  };
  const batches: ImportRow[][] = [];
  for (let i = 0; i < rows.length; i += IMPORT_BATCH_ROWS) batches.push(rows.slice(i, i + IMPORT_BATCH_ROWS));
  let done = 0;
  const runBatch = async (batch: ImportRow[]) => {
    const result = await runInTx(dataSource, Boolean(options.dryRun), (tx) =>
      importBatch(tx, crypto, store, batch, options.now),
    );
    summary.created += result.created;
    summary.existing += result.existing;
    summary.pointsPosted += result.points;
    summary.storedValueFenPosted += result.fen;
    summary.rejected.push(...result.rejected);
    done += batch.length;
    options.onProgress?.(done, rows.length);
  };
  const queue = [...batches];
  const workers = Array.from({ length: Math.max(1, options.parallelism ?? 4) }, async () => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) await runBatch(batch);
  });
  await Promise.all(workers);
  summary.rejected.sort((a, b) => a.line - b.line);
  if (!options.dryRun) await auditImport(dataSource, store, summary, options.now);
  return summary;
}

export function validateAll(records: CsvRecord[]): { rows: ImportRow[]; rejected: RejectedRow[] } {
  const rows: ImportRow[] = [];
  const rejected: RejectedRow[] = [];
  const firstLine = new Map<string, number>();
  for (const record of records) {
    const row = validateImportRow(record);
    if (isRejected(row)) rejected.push(row);
    else if (firstLine.has(row.phone)) {
      rejected.push({
        line: row.line,
        phone: `${row.phone.slice(0, 3)}****${row.phone.slice(-4)}`,
        reason: `duplicate phone (first at line ${firstLine.get(row.phone)})`,
      });
    } else {
      firstLine.set(row.phone, row.line);
      rows.push(row);
    }
  }
  return { rows, rejected };
}

export async function runInTx<T>(dataSource: DataSource, dryRun: boolean, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (!dryRun) return inTransaction(dataSource, work);
  let result: T | undefined;
  try {
    await inTransaction(dataSource, async (tx) => {
      result = await work(tx);
      throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return result as T;
}

export async function storeByCode(db: Tx, code: string): Promise<{ id: string; code: string }> {
  const [store] = await select<{ id: string; code: string }>(db, 'SELECT id, code FROM stores WHERE code = ?', [code]);
  if (!store) throw new AppError('STORE_NOT_FOUND', `No store with code ${code}.`, { code });
  return store;
}

export async function importBatch(
  tx: Tx,
  crypto: DataCrypto,
  store: { id: string; code: string },
  batch: ImportRow[],
  now: Date,
) {
  const result = { created: 0, existing: 0, points: 0, fen: 0, rejected: [] as RejectedRow[] };
  const indexes = batch.map((row) => phoneIndexOf(crypto, row.phone));
  const known = await existingByIndex(tx, indexes);
  const fresh: number[] = [];
  for (const [i, row] of batch.entries()) {
    const existing = known.get(indexes[i]);
    if (!existing) {
      fresh.push(i);
      continue;
    }
    result.existing++;
    await execute(tx, 'UPDATE members SET tier = ?, name = COALESCE(name, ?) WHERE id = ?', [
      higherTier(existing.tier, row.tier),
      row.name,
      existing.id,
    ]);
  }
  const memberIds = await createFreshMembers(tx, crypto, store, batch, { indexes, known, fresh, now });
  result.created += fresh.length;
  const outcomes = await bulkImportOpeningBalances(tx, {
    storeId: store.id,
    fundedBy: 'STORE',
    causeType: 'import',
    causeId: store.id,
    at: now,
    rows: batch.map((row, i) => {
      const key = `import:${store.code}:${indexes[i]}`;
      return {
        memberId: memberIds[i],
        points: row.points,
        fen: row.storedValueFen,
        pointsKey: `${key}:points`,
        cnyKey: `${key}:cny`,
      };
    }),
  });
  for (const [i, row] of batch.entries()) {
    if (outcomes[i] !== 'conflict') {
      result.points += row.points;
      result.fen += row.storedValueFen;
      continue;
    }
    result.rejected.push({
      line: row.line,
      phone: `${row.phone.slice(0, 3)}****${row.phone.slice(-4)}`,
      reason: 'already imported with different balances',
    });
  }
  return result;
}

/** Members for the rows whose phone is new, in multi-row INSERTs; the member id of every row. */
async function createFreshMembers(
  tx: Tx,
  crypto: DataCrypto,
  store: { id: string },
  batch: ImportRow[],
  ctx: { indexes: string[]; known: Map<string, { id: string }>; fresh: number[]; now: Date },
): Promise<string[]> {
  const freshIds = await createMembersBulk(
    tx,
    ctx.fresh.map((i) => ({
      homeStoreId: store.id,
      tier: batch[i].tier,
      name: batch[i].name,
      phoneEnc: crypto.encrypt(batch[i].phone),
      phoneIndex: ctx.indexes[i],
      createdAt: batch[i].registeredAt ?? ctx.now,
    })),
  );
  const memberIds = batch.map((_, i) => ctx.known.get(ctx.indexes[i])?.id ?? '');
  for (const [n, i] of ctx.fresh.entries()) memberIds[i] = freshIds[n];
  return memberIds;
}

async function existingByIndex(tx: Tx, indexes: string[]) {
  const rows = await select<{ id: string; tier: string; phone_index: string }>(
    tx,
    `SELECT id, tier, phone_index FROM members WHERE phone_index IN (${indexes.map(() => '?').join(', ')})`,
    indexes,
  );
  return new Map(rows.map((row) => [row.phone_index, row]));
}

async function auditImport(
  dataSource: DataSource,
  store: { id: string; code: string },
  summary: ImportSummary,
  now: Date,
) {
  await inTransaction(dataSource, (tx) =>
    recordImportAudit(tx, { actorType: 'system', actorId: 'import-members' }, store.id, summary, now),
  );
}

/** The audit entry of a finished (not dry-run) import. */
export function recordImportAudit(
  tx: Tx,
  actor: { actorType: 'system' | 'admin'; actorId: string },
  storeId: string,
  counts: { rows: number; created: number; existing: number; rejected: unknown[] },
  now: Date,
) {
  return recordAudit(tx, {
    ...actor,
    action: 'members.import',
    targetType: 'store',
    targetId: storeId,
    after: { rows: counts.rows, created: counts.created, existing: counts.existing, rejected: counts.rejected.length },
    at: now,
  });
}
