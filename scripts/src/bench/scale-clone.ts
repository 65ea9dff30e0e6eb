import { type Connection, createConnection } from 'mysql2/promise';
import { CREDIT_BALANCE_SQL, CREDIT_PENDING_SQL, DEBIT_SQL } from '../../../bff/src/domain/ledger/ledger-history';

/**
 * Grows a chain in bulk from a template: every row of the template members (member, code secret,
 * ledger accounts, every transfer touching them, lots, lot portions, checkouts, refunds, scans,
 * settlement lines, daily earn counters, pending earns, tier changes, coupons and claim counts,
 * referral edges among template members) is copied `copies` times
 * with set-based INSERT … SELECT statements (MariaDB / MySQL 8). The template members must have
 * been made through the real use cases, and nothing may write while a clone runs.
 *
 * Copy n of a row id `x` is LEFT(x, 10) || LPAD(n, 6, '0') || RIGHT(x, 10): still a 26-character
 * id, still sorted by the ULID's time part (the first 10), unique per copy (ids made in one
 * millisecond differ in their last characters). The store and system accounts the template's transfers
 * touch are shared by all copies: their cached balances grow by copies × the template's net
 * movement on them, so the ledger audit still balances.
 *
 * Left out (not on any measured path): WeChat identities, idempotency keys, ledger operation rows,
 * outbox, subscriptions, audit log, referral rebates, the daily report rollups. Clones have no phone (the phone index is unique).
 */
export interface CloneInput {
  /** A database URL (mysql://…). */
  url: string;
  /** Template members (active, not staff). */
  memberIds: string[];
  /** Copy numbers [from, to] (1-based; a later call continues where the last one stopped). */
  fromCopy: number;
  toCopy: number;
  /** Rows per statement, roughly (default 50,000). */
  chunkRows?: number;
  log?: (line: string) => void;
}

/** The member code id of copy n of the template member at `index` (0-based). */
export function cloneMemberCodeId(templateSize: number, copy: number, index: number): number {
  return CODE_BASE + (copy - 1) * templateSize + index;
}
/** Clone member codes take [90,000,000, 100,000,000): codes have 8 digits. */
const CODE_BASE = 90_000_000;
const CODE_END = 100_000_000;

/** Copy n of an id, as the clone writes it. */
export function cloneId(id: string, copy: number): string {
  return id.slice(0, 10) + String(copy).padStart(6, '0') + id.slice(16);
}

const map = (column: string) => `CONCAT(LEFT(${column}, 10), LPAD(c.n, 6, '0'), RIGHT(${column}, 10))`;
const mapNullable = (column: string) => `CASE WHEN ${column} IS NULL THEN NULL ELSE ${map(column)} END`;

interface TableClone {
  table: string;
  /** FROM … (alias x), joined with bench_copies c. */
  from: string;
  /** Column → expression; the other columns are copied as they are. */
  columns: Record<string, string>;
  /** Template rows of this table (for the chunk size). */
  countSql: string;
}

function tableClones(templateSize: number): TableClone[] {
  // The small helper table drives the join (STRAIGHT_JOIN keeps that order).
  const inTpl = (table: string, on: string, helper = 'bench_tpl_members') =>
    `${helper} tpl JOIN ${table} x ON ${on} = tpl.id`;
  const count = (from: string) => `SELECT COUNT(*) AS n FROM ${from}`;
  const list: Array<Omit<TableClone, 'countSql'>> = [
    {
      table: 'members',
      from: inTpl('members', 'x.id'),
      columns: {
        id: map('x.id'),
        member_code_id: `${CODE_BASE} + (c.n - 1) * ${templateSize} + tpl.idx`,
        referral_code: "CONCAT('S', c.n, 'X', tpl.idx)",
        phone_enc: 'NULL',
        phone_index: 'NULL',
        merged_into_id: 'NULL',
        // An invitee of a template member is an invitee of that member's copy; others have none.
        referrer_id: `CASE WHEN x.referrer_id IN (SELECT id FROM bench_tpl_members) THEN ${map('x.referrer_id')} END`,
      },
    },
    {
      table: 'referral_attributions',
      from: `bench_tpl_members tpl JOIN referral_attributions x ON x.referee_id = tpl.id
        JOIN bench_tpl_members referrer ON referrer.id = x.referrer_id`,
      columns: { referee_id: map('x.referee_id'), referrer_id: map('x.referrer_id') },
    },
    {
      table: 'coupons',
      from: inTpl('coupons', 'x.member_id'),
      columns: {
        id: map('x.id'),
        member_id: map('x.member_id'),
        code: "CONCAT(x.code, LPAD(c.n, 6, '0'))",
        used_checkout_id: mapNullable('x.used_checkout_id'),
      },
    },
    {
      table: 'coupon_member_counts',
      from: inTpl('coupon_member_counts', 'x.member_id'),
      columns: { member_id: map('x.member_id') },
    },
    {
      table: 'member_code_secrets',
      from: inTpl('member_code_secrets', 'x.member_id'),
      columns: { member_id: map('x.member_id') },
    },
    {
      table: 'ledger_accounts',
      from: inTpl('ledger_accounts', 'x.id', 'bench_tpl_accounts'),
      columns: { id: map('x.id'), owner_id: map('x.owner_id') },
    },
    {
      table: 'ledger_transfers',
      from: inTpl('ledger_transfers', 'x.id', 'bench_tpl_transfers'),
      columns: {
        id: map('x.id'),
        idempotency_key: "CONCAT('s', c.n, ':', x.idempotency_key)",
        from_account_id: `CASE WHEN tpl.from_member = 1 THEN ${map('x.from_account_id')} ELSE x.from_account_id END`,
        to_account_id: `CASE WHEN tpl.to_member = 1 THEN ${map('x.to_account_id')} ELSE x.to_account_id END`,
        reverses_id: mapNullable('x.reverses_id'),
        pending_id: mapNullable('x.pending_id'),
        cause_id: `CASE WHEN LENGTH(x.cause_id) = 26 THEN ${map('x.cause_id')} ELSE x.cause_id END`,
      },
    },
    {
      table: 'ledger_lots',
      from: inTpl('ledger_lots', 'x.account_id', 'bench_tpl_accounts'),
      columns: {
        id: map('x.id'),
        account_id: map('x.account_id'),
        member_id: map('x.member_id'),
        origin_transfer_id: map('x.origin_transfer_id'),
      },
    },
    {
      table: 'ledger_lot_portions',
      from: inTpl('ledger_lot_portions', 'x.lot_id', 'bench_tpl_lots'),
      columns: { id: map('x.id'), transfer_id: map('x.transfer_id'), lot_id: map('x.lot_id') },
    },
    {
      table: 'ledger_pending_earns',
      from: inTpl('ledger_pending_earns', 'x.member_id'),
      columns: { transfer_id: map('x.transfer_id'), member_id: map('x.member_id') },
    },
    {
      table: 'scans',
      from: inTpl('scans', 'x.member_id'),
      columns: {
        id: map('x.id'),
        member_id: map('x.member_id'),
        member_code_id: `${CODE_BASE} + (c.n - 1) * ${templateSize} + tpl.idx`,
      },
    },
    {
      table: 'checkouts',
      from: inTpl('checkouts', 'x.member_id'),
      columns: {
        id: map('x.id'),
        member_id: map('x.member_id'),
        scan_id: map('x.scan_id'),
        order_ref: "CONCAT(x.order_ref, '#', c.n)",
      },
    },
    {
      table: 'checkout_refunds',
      from: inTpl('checkout_refunds', 'x.checkout_id', 'bench_tpl_causes'),
      columns: { id: map('x.id'), checkout_id: map('x.checkout_id') },
    },
    {
      table: 'settlement_lines',
      from: inTpl('settlement_lines', 'x.cause_id', 'bench_tpl_causes'),
      columns: { id: map('x.id'), cause_id: map('x.cause_id') },
    },
    {
      table: 'earn_daily_totals',
      from: inTpl('earn_daily_totals', 'x.member_id'),
      columns: { member_id: map('x.member_id') },
    },
    {
      table: 'tier_changes',
      from: inTpl('tier_changes', 'x.member_id'),
      columns: { id: map('x.id'), member_id: map('x.member_id') },
    },
  ];
  return list.map((clone) => ({ ...clone, countSql: count(clone.from) }));
}

/** Builds the helper tables that name the template's rows (kept until dropCloneHelpers). */
async function prepareHelpers(conn: Connection, memberIds: string[], copies: number): Promise<void> {
  const exists = await conn.query("SHOW TABLES LIKE 'bench_tpl_members'");
  if ((exists[0] as unknown[]).length === 0) {
    // Helper ids take their column type (and collation) from the table they name.
    await conn.query(
      'CREATE TABLE bench_tpl_members (PRIMARY KEY (id)) SELECT id, CAST(0 AS SIGNED) AS idx FROM members LIMIT 0',
    );
    for (let i = 0; i < memberIds.length; i += 1000) {
      const slice = memberIds.slice(i, i + 1000);
      await conn.query('INSERT INTO bench_tpl_members (id, idx) VALUES ?', [slice.map((id, k) => [id, i + k])]);
    }
    await conn.query(
      `CREATE TABLE bench_tpl_accounts (PRIMARY KEY (id))
         SELECT a.id FROM ledger_accounts a JOIN bench_tpl_members m ON a.owner_type = 'member' AND a.owner_id = m.id`,
    );
    await conn.query(
      `CREATE TABLE bench_tpl_transfers (PRIMARY KEY (id))
         SELECT t.id, CASE WHEN f.id IS NULL THEN 0 ELSE 1 END AS from_member,
                CASE WHEN g.id IS NULL THEN 0 ELSE 1 END AS to_member
           FROM ledger_transfers t LEFT JOIN bench_tpl_accounts f ON f.id = t.from_account_id
           LEFT JOIN bench_tpl_accounts g ON g.id = t.to_account_id
          WHERE f.id IS NOT NULL OR g.id IS NOT NULL`,
    );
    await conn.query(
      `CREATE TABLE bench_tpl_lots (PRIMARY KEY (id))
         SELECT l.id FROM ledger_lots l JOIN bench_tpl_accounts a ON a.id = l.account_id`,
    );
    await conn.query(
      `CREATE TABLE bench_tpl_causes (PRIMARY KEY (id))
         SELECT k.id FROM checkouts k JOIN bench_tpl_members m ON m.id = k.member_id
         UNION SELECT r.id FROM checkout_refunds r JOIN checkouts k ON k.id = r.checkout_id
           JOIN bench_tpl_members m ON m.id = k.member_id`,
    );
    // What the template moved on each shared (store / system) account: each copy moves it again.
    await conn.query(
      `CREATE TABLE bench_tpl_shared (PRIMARY KEY (id))
         SELECT account_id AS id, SUM(balance) AS balance, SUM(pending_in) AS pending_in FROM (
           SELECT t.to_account_id AS account_id, ${CREDIT_BALANCE_SQL} AS balance, ${CREDIT_PENDING_SQL} AS pending_in
             FROM ledger_transfers t JOIN bench_tpl_transfers x ON x.id = t.id WHERE x.to_member = 0
           UNION ALL
           SELECT t.from_account_id, -(${DEBIT_SQL}), 0
             FROM ledger_transfers t JOIN bench_tpl_transfers x ON x.id = t.id WHERE x.from_member = 0
         ) moves GROUP BY account_id`,
    );
    await conn.query('CREATE TABLE bench_copies (n INT PRIMARY KEY)');
  }
  const [[{ top }]] = (await conn.query('SELECT COALESCE(MAX(n), 0) AS top FROM bench_copies')) as any;
  for (let n = Number(top) + 1; n <= copies; n += 1000) {
    const values = Array.from({ length: Math.min(1000, copies - n + 1) }, (_, k) => [n + k]);
    await conn.query('INSERT INTO bench_copies (n) VALUES ?', [values]);
  }
}

/** Members made at random (randomMemberCodeId) may already hold a code the clones would take. */
async function assertCodesFree(conn: Connection, size: number, input: CloneInput): Promise<void> {
  const [first, last] = [cloneMemberCodeId(size, input.fromCopy, 0), cloneMemberCodeId(size, input.toCopy, size - 1)];
  if (last >= CODE_END)
    throw new Error(`clone: ${input.toCopy} copies of ${size} members need more than 10 M member codes`);
  const [[{ taken }]] = (await conn.query(
    'SELECT COUNT(*) AS taken FROM members WHERE member_code_id BETWEEN ? AND ?',
    [first, last],
  )) as any;
  if (Number(taken) > 0)
    throw new Error(`clone: ${taken} members already hold codes in [${first}, ${last}]; seed again`);
}

async function columnsOf(conn: Connection, table: string): Promise<string[]> {
  const [rows] = (await conn.query(
    'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position',
    [table],
  )) as any;
  return rows.map((row: { name: string }) => row.name);
}

/** Copies the template `toCopy - fromCopy + 1` times; returns the rows written per table. */
export async function cloneTemplate(input: CloneInput): Promise<Record<string, number>> {
  const conn = await createConnection({ uri: input.url, timezone: 'Z', multipleStatements: false });
  const written: Record<string, number> = {};
  try {
    await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
    await prepareHelpers(conn, input.memberIds, input.toCopy);
    const [[{ size }]] = (await conn.query('SELECT COUNT(*) AS size FROM bench_tpl_members')) as any;
    await assertCodesFree(conn, Number(size), input);
    for (const clone of tableClones(Number(size))) {
      const [[{ n }]] = (await conn.query(clone.countSql)) as any;
      const perCopy = Number(n);
      if (perCopy === 0) continue;
      const columns = await columnsOf(conn, clone.table);
      const select = columns
        .map((column) => clone.columns[column] ?? (column === 'id' ? map('x.id') : `x.${column}`))
        .join(', ');
      const step = Math.max(1, Math.floor((input.chunkRows ?? 50_000) / perCopy));
      const started = Date.now();
      for (let first = input.fromCopy; first <= input.toCopy; first += step) {
        const last = Math.min(input.toCopy, first + step - 1);
        await conn.query('START TRANSACTION');
        const [result] = (await conn.query(
          `INSERT INTO ${clone.table} (${columns.join(', ')})
             SELECT STRAIGHT_JOIN ${select} FROM ${clone.from} JOIN bench_copies c ON c.n BETWEEN ? AND ?`,
          [first, last],
        )) as any;
        await conn.query('COMMIT');
        written[clone.table] = (written[clone.table] ?? 0) + Number(result.affectedRows);
      }
      input.log?.(
        `  cloned ${written[clone.table]} ${clone.table} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    const copies = input.toCopy - input.fromCopy + 1;
    await conn.query(
      `UPDATE ledger_accounts a JOIN bench_tpl_shared s ON s.id = a.id
          SET a.balance = a.balance + ? * s.balance, a.pending_in = a.pending_in + ? * s.pending_in`,
      [copies, copies],
    );
    for (const table of [
      'members',
      'ledger_accounts',
      'ledger_transfers',
      'ledger_lots',
      'checkouts',
      'settlement_lines',
    ]) {
      await conn.query(`ANALYZE TABLE ${table}`);
    }
    return written;
  } finally {
    await conn.end();
  }
}

/** Drops the helper tables (the clones stay). */
export async function dropCloneHelpers(url: string): Promise<void> {
  const conn = await createConnection({ uri: url });
  try {
    for (const table of [
      'bench_tpl_members',
      'bench_tpl_accounts',
      'bench_tpl_transfers',
      'bench_tpl_lots',
      'bench_tpl_causes',
      'bench_tpl_shared',
      'bench_copies',
    ]) {
      await conn.query(`DROP TABLE IF EXISTS ${table}`);
    }
  } finally {
    await conn.end();
  }
}
