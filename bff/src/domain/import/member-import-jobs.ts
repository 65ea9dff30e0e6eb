import type { MemberImport } from '@tongka/shared-types';
import { execute, inTransaction, readInstant, select, type Tx } from '../../db/tx';
import type { AppDeps } from '../../deps';
import type { JobOptions } from '../../jobs/registry';
import { dataCryptoOf } from '../members/deps-helpers';
import { AppError } from '../shared/app-error';
import type { DataCrypto } from '../shared/data-crypto';
import { ulid } from '../shared/ulid';
import { importBatch, recordImportAudit, runInTx, storeByCode, validateAll } from './import-members';
import { parseMemberCsv } from './parse-member-csv';
import type { ImportRow, RejectedRow } from './validate-import-row';

/** Rows per batch of a web import: small enough that the console's bar moves on a 1,500-row file. */
export const WEB_IMPORT_BATCH_ROWS = 200;

interface ImportRecord {
  id: string;
  store_id: string;
  store_code: string;
  dry_run: number | boolean;
  status: 'running' | 'done';
  admin_id: string;
  rows_enc: string | null;
  total_rows: number | string;
  valid_rows: number | string;
  cursor_rows: number | string;
  created_count: number | string;
  existing_count: number | string;
  points_posted: number | string;
  fen_posted: number | string;
  rejected_json: string | null;
  created_at: Date | string;
  finished_at: Date | string | null;
}

/**
 * POST /api/admin/member-imports: validates the file (duplicates and bad rows are rejected at once)
 * and records the import with its valid rows encrypted; the job `import-members` does the batches.
 */
export async function startMemberImport(
  tx: Tx,
  crypto: DataCrypto,
  input: { storeCode: string; csv: string; dryRun: boolean; adminId: string; now: Date },
): Promise<MemberImport> {
  const store = await storeByCode(tx, input.storeCode);
  const { rows, rejected } = validateAll(parseMemberCsv(input.csv));
  const importId = ulid();
  await execute(
    tx,
    `INSERT INTO member_imports (id, store_id, store_code, dry_run, status, admin_id, rows_enc, total_rows, valid_rows,
       rejected_json, created_at, updated_at) VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)`,
    [
      importId,
      store.id,
      store.code,
      input.dryRun,
      input.adminId,
      crypto.encrypt(JSON.stringify(rows)),
      rows.length + rejected.length,
      rows.length,
      JSON.stringify(rejected),
      input.now,
      input.now,
    ],
  );
  return readMemberImport(tx, importId);
}

export async function readMemberImport(db: Tx, importId: string): Promise<MemberImport> {
  const [row] = await select<ImportRecord>(db, 'SELECT * FROM member_imports WHERE id = ?', [importId]);
  if (!row) throw new AppError('MEMBER_IMPORT_NOT_FOUND', 'There is no such member import.', { importId });
  const rejected = rejectedOf(row);
  const valid = Number(row.valid_rows);
  return {
    importId: row.id,
    storeCode: row.store_code,
    dryRun: Boolean(row.dry_run),
    status: row.status,
    totalRows: Number(row.total_rows),
    doneRows: Number(row.total_rows) - valid + Number(row.cursor_rows),
    created: Number(row.created_count),
    existing: Number(row.existing_count),
    pointsPosted: Number(row.points_posted),
    storedValueFenPosted: Number(row.fen_posted),
    rejected: [...rejected].sort((a, b) => a.line - b.line),
    createdAt: readInstant(row.created_at).toISOString(),
    finishedAt: row.finished_at === null ? null : readInstant(row.finished_at).toISOString(),
  };
}

/**
 * Job `import-members`: works through every running web import a batch at a time. A batch and the
 * move of the import's cursor commit together (a dry run's batch rolls back, then the cursor moves);
 * the cursor moves by a conditional UPDATE, so a batch another runner already did is thrown away.
 * A run stopped anywhere resumes at the next batch; a batch done twice posts nothing twice (the
 * opening-balance keys are those of the synchronous import).
 */
export async function importMembersJob(deps: AppDeps, options: JobOptions): Promise<{ processed: number }> {
  let processed = 0;
  for (;;) {
    const [next] = await select<{ id: string }>(
      deps.dataSource.manager,
      "SELECT id FROM member_imports WHERE status = 'running' ORDER BY created_at, id LIMIT 1",
    );
    if (!next) return { processed };
    for (;;) {
      const step = await importStep(deps, next.id);
      processed += step.rows;
      options.onProgress?.(step.done, step.total);
      await options.lease?.checkpoint({ importId: next.id, done: step.done });
      if (step.finished) break;
    }
  }
}

async function importStep(deps: AppDeps, importId: string) {
  const crypto = dataCryptoOf(deps);
  const [row] = await select<ImportRecord>(deps.dataSource.manager, 'SELECT * FROM member_imports WHERE id = ?', [
    importId,
  ]);
  const cursor = Number(row.cursor_rows);
  if (row.status !== 'running') return { rows: 0, done: cursor, total: Number(row.valid_rows), finished: true };
  const rows = (JSON.parse(crypto.decrypt(row.rows_enc ?? '[]')) as ImportRow[]).map((one) => ({
    ...one,
    registeredAt: one.registeredAt === null ? null : new Date(one.registeredAt),
  }));
  const batch = rows.slice(cursor, cursor + WEB_IMPORT_BATCH_ROWS);
  const store = { id: row.store_id, code: row.store_code };
  const at = readInstant(row.created_at);
  const work = (tx: Tx) =>
    batch.length === 0
      ? Promise.resolve({ created: 0, existing: 0, points: 0, fen: 0, rejected: [] as RejectedRow[] })
      : importBatch(tx, crypto, store, batch, at);
  const now = deps.clock.now();
  if (row.dry_run) {
    const result = await runInTx(deps.dataSource, true, work);
    await inTransaction(deps.dataSource, (tx) => advance(tx, row, batch.length, result, now));
  } else {
    await inTransaction(deps.dataSource, async (tx) => advance(tx, row, batch.length, await work(tx), now));
  }
  const done = cursor + batch.length;
  return { rows: batch.length, done, total: rows.length, finished: done >= rows.length };
}

async function advance(
  tx: Tx,
  row: ImportRecord,
  count: number,
  result: { created: number; existing: number; points: number; fen: number; rejected: RejectedRow[] },
  now: Date,
): Promise<void> {
  const cursor = Number(row.cursor_rows);
  const finished = cursor + count >= Number(row.valid_rows);
  const rejected = [...rejectedOf(row), ...result.rejected];
  const moved = await execute(
    tx,
    `UPDATE member_imports SET cursor_rows = cursor_rows + ?, created_count = created_count + ?,
       existing_count = existing_count + ?, points_posted = points_posted + ?, fen_posted = fen_posted + ?,
       rejected_json = ?, status = ?, rows_enc = ${finished ? 'NULL' : 'rows_enc'}, updated_at = ?, finished_at = ?
     WHERE id = ? AND status = 'running' AND cursor_rows = ?`,
    [
      count,
      result.created,
      result.existing,
      result.points,
      result.fen,
      JSON.stringify(rejected),
      finished ? 'done' : 'running',
      now,
      finished ? now : null,
      row.id,
      cursor,
    ],
  );
  if (moved !== 1) throw new Error(`member import ${row.id}: another runner did this batch`);
  if (finished && !row.dry_run) {
    await recordImportAudit(
      tx,
      { actorType: 'admin', actorId: row.admin_id },
      row.store_id,
      {
        rows: Number(row.total_rows),
        created: Number(row.created_count) + result.created,
        existing: Number(row.existing_count) + result.existing,
        rejected,
      },
      now,
    );
  }
}

function rejectedOf(row: ImportRecord): RejectedRow[] {
  return row.rejected_json ? (JSON.parse(row.rejected_json) as RejectedRow[]) : [];
}
