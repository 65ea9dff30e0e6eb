import { randomBytes } from 'node:crypto';
import type { Pool, PoolConnection } from 'mysql2/promise';
import { MEMBER_BALANCES_SQL } from '../../../bff/src/domain/ledger/balances';
import { ulid } from '../../../bff/src/domain/shared/ulid';

/** Account ids and lots the raw transaction works on (read once from the ledger the BFF built). */
export interface RawMember {
  memberId: string;
  scanId: string;
  walletPoints: string;
  walletCny: string;
}
export interface RawStore {
  storeId: string;
  staffId: string;
  pointsRedeemed: string;
  svRedeemed: string;
  pointsIssued: string;
}

/**
 * 'binary': prepared statements (mysql2 execute), what a hand-written service would use;
 * 'text': the text protocol (mysql2 query), what TypeORM sends, for a like-for-like baseline.
 */
export type RawProtocol = 'binary' | 'text';
type Conn = PoolConnection & { run: PoolConnection['execute'] };

function withRun(conn: PoolConnection, protocol: RawProtocol): Conn {
  const run = (protocol === 'binary' ? conn.execute : conn.query).bind(conn) as PoolConnection['execute'];
  return Object.assign(conn, { run });
}

/** READ COMMITTED is set once per pooled connection, as the BFF does. */
const configured = new WeakSet<object>();

async function readCommitted(conn: PoolConnection): Promise<void> {
  const core = (conn as unknown as { connection: object }).connection;
  if (configured.has(core)) return;
  await conn.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
  configured.add(core);
}

const utc = (at: Date) => at.toISOString().replace('T', ' ').replace('Z', '');

/**
 * The same checkout transaction the BFF runs (redeem 100 points, pay 500 fen stored value, earn
 * on the cash rest), written by hand against the same tables with mysql2: the same reads, the
 * same conditional debits, lot consumption, transfers, operation rows, checkout row, settlement
 * line and idempotency row, one statement after another, in the BFF's order (compare with the
 * server's general log). Only the BFF's one sign-in read (member and staff role) is left out.
 * It is the ceiling for the BFF's throughput.
 */
export async function rawCheckout(
  pool: Pool,
  store: RawStore,
  member: RawMember,
  orderRef: string,
  protocol: RawProtocol = 'binary',
  /** The store that issued the member's points and stored value (a line if it is not `store`). */
  lotStoreId = store.storeId,
): Promise<void> {
  const conn = withRun(await pool.getConnection(), protocol);
  try {
    await readCommitted(conn);
    await conn.query('START TRANSACTION');
    const now = utc(new Date());
    const key = randomBytes(8).toString('hex');
    await conn.run(
      'INSERT INTO idempotency_keys (scope, idem_key, request_hash, status_code, response_body, created_at) VALUES (?, ?, ?, NULL, NULL, ?)',
      [`member:${store.staffId}`, key, 'h'.repeat(64), now],
    );
    await prelude(conn, store, member);
    const checkoutId = ulid();
    await memberFacts(conn, member, now);
    await debitWithLots(conn, {
      key: `raw:${checkoutId}:redeem`,
      from: member.walletPoints,
      to: store.pointsRedeemed,
      asset: 'POINTS',
      amount: 100,
      kind: 'REDEEM',
      store,
      checkoutId,
      now,
    });
    await debitWithLots(conn, {
      key: `raw:${checkoutId}:sv`,
      from: member.walletCny,
      to: store.svRedeemed,
      asset: 'CNY',
      amount: 500,
      kind: 'SPEND',
      store,
      checkoutId,
      now,
    });
    await earn(conn, { key: `raw:${checkoutId}:earn`, member, store, points: 94, checkoutId, now });
    await epilogue(conn, { store, member, orderRef, checkoutId, key, now, lotStoreId });
    await conn.query('COMMIT');
  } catch (error) {
    await conn.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    conn.release();
  }
}

/** The reads before pricing: the scan, the member row lock, the rules in force, the balances (redeem cap). */
async function prelude(conn: Conn, store: RawStore, member: RawMember): Promise<void> {
  await conn.run('SELECT id, store_id, member_id, expires_at FROM scans WHERE id = ?', [member.scanId]);
  await conn.run('SELECT id, status, tier, home_store_id FROM members WHERE id = ? FOR UPDATE', [member.memberId]);
  await conn.run(
    `SELECT r.id, r.kind, r.version, r.scope, r.rule_json FROM rule_versions r
      WHERE r.scope IN (?, ?) AND r.version = (SELECT MAX(v.version) FROM rule_versions v WHERE v.kind = r.kind AND v.scope = r.scope)`,
    ['HQ', store.storeId],
  );
  await balances(conn, member);
}

async function balances(conn: Conn, member: RawMember): Promise<void> {
  await conn.run(MEMBER_BALANCES_SQL, [member.memberId]);
}

/** Today's earn counter and the tier's rolling sum, written before the ledger as the BFF does (home store already set). */
async function memberFacts(conn: Conn, member: RawMember, now: string): Promise<void> {
  const [updated] = await conn.run(
    'UPDATE earn_daily_totals SET points = points + 94 WHERE member_id = ? AND local_date = ?',
    [member.memberId, now.slice(0, 10)],
  );
  if ((updated as { affectedRows: number }).affectedRows === 0) {
    await conn.run('INSERT INTO earn_daily_totals (member_id, local_date, points) VALUES (?, ?, 94)', [
      member.memberId,
      now.slice(0, 10),
    ]);
  }
  const [from, to] = [utc(new Date(Date.now() - 365 * 86_400_000)), now];
  await conn.run(
    `SELECT SUM(c.cash_due_fen + c.stored_value_paid_fen) AS paid,
            (SELECT SUM(r.cash_refunded_fen + r.stored_value_returned_fen) FROM checkout_refunds r
               JOIN checkouts c2 ON c2.id = r.checkout_id
              WHERE c2.member_id = ? AND c2.created_at > ? AND c2.created_at <= ?) AS refunded
       FROM checkouts c WHERE c.member_id = ? AND c.created_at > ? AND c.created_at <= ?`,
    [member.memberId, from, to, member.memberId, from, to],
  );
}

/** After the ledger: the checkout row, its settlement line, the balances for the answer, the subscription check, the stored answer. */
async function epilogue(
  conn: Conn,
  input: {
    store: RawStore;
    member: RawMember;
    orderRef: string;
    checkoutId: string;
    key: string;
    now: string;
    lotStoreId: string;
  },
): Promise<void> {
  const { store, member, orderRef, checkoutId, key, now } = input;
  await conn.run(
    `INSERT INTO checkouts (id, store_id, member_id, scan_id, staff_member_id, order_ref, amount_fen, coupon_discount_fen,
       points_redeemed, points_discount_fen, stored_value_paid_fen, cash_due_fen, points_earned, earn_rule_id, redeem_rule_id,
       point_cost_centi_fen, earn_breakdown, redeemed_portions, stored_value_portions, coupon_codes, refunded_fen, refund_count,
       local_date, created_at) VALUES (?, ?, ?, ?, ?, ?, 10000, 0, 100, 100, 500, 9400, 94, NULL, NULL, 100, ?, '[]', '[]', '[]', 0, 0, ?, ?)`,
    [checkoutId, store.storeId, member.memberId, member.scanId, store.staffId, orderRef, '{}', now.slice(0, 10), now],
  );
  if (input.lotStoreId !== store.storeId) {
    await conn.run(
      `INSERT INTO settlement_lines (id, from_store_id, to_store_id, points, points_value_fen, stored_value_fen, cause_type,
         cause_id, created_at) VALUES (?, ?, ?, 100, 100, 500, 'checkout', ?, ?)`,
      [ulid(), input.lotStoreId, store.storeId, checkoutId, now],
    );
  }
  await balances(conn, member);
  await conn.run(
    'SELECT id, template_id FROM subscriptions WHERE member_id = ? AND accepted_count > 0 ORDER BY template_id LIMIT 1',
    [member.memberId],
  );
  await conn.run('UPDATE idempotency_keys SET status_code = 201, response_body = ? WHERE scope = ? AND idem_key = ?', [
    '{}',
    `member:${store.staffId}`,
    key,
  ]);
}

interface Move {
  key: string;
  from: string;
  to: string;
  asset: 'POINTS' | 'CNY';
  amount: number;
  kind: string;
  store: RawStore;
  checkoutId: string;
  now: string;
}

/** A ledger operation runs under a savepoint; its row, with the result, is written last. */
async function operationStart(conn: Conn): Promise<void> {
  await conn.query('SAVEPOINT raw_op');
}

async function operationEnd(conn: Conn, key: string, now: string): Promise<void> {
  await conn.run('INSERT INTO ledger_operations (op_key, request_hash, result_json, created_at) VALUES (?, ?, ?, ?)', [
    key,
    'h'.repeat(64),
    '{}',
    now,
  ]);
}

async function debitWithLots(conn: Conn, move: Move): Promise<void> {
  await operationStart(conn);
  const [debited] = await conn.run('UPDATE ledger_accounts SET balance = balance - ? WHERE id = ? AND balance >= ?', [
    move.amount,
    move.from,
    move.amount,
  ]);
  if ((debited as { affectedRows: number }).affectedRows !== 1) throw new Error('raw bench member ran out of funds');
  await conn.run('UPDATE ledger_accounts SET balance = balance + ? WHERE id = ?', [move.amount, move.to]);
  const transferId = ulid();
  await conn.run(
    `INSERT INTO ledger_transfers (id, idempotency_key, from_account_id, to_account_id, asset, amount, kind, status, store_id,
       cause_type, cause_id, reverses_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'posted', ?, 'checkout', ?, NULL, NULL, ?)`,
    [
      transferId,
      move.key,
      move.from,
      move.to,
      move.asset,
      move.amount,
      move.kind,
      move.store.storeId,
      move.checkoutId,
      move.now,
    ],
  );
  const [lots] = await conn.run(
    `SELECT id, remaining FROM ledger_lots WHERE account_id = ? AND remaining > 0
      ORDER BY (CASE WHEN expires_at IS NULL THEN 1 ELSE 0 END), expires_at, id FOR UPDATE`,
    [move.from],
  );
  let left = move.amount;
  for (const lot of lots as Array<{ id: string; remaining: number }>) {
    if (left === 0) break;
    const take = Math.min(left, Number(lot.remaining));
    await conn.run('UPDATE ledger_lots SET remaining = remaining - ? WHERE id = ? AND remaining >= ?', [
      take,
      lot.id,
      take,
    ]);
    await conn.run('INSERT INTO ledger_lot_portions (id, transfer_id, lot_id, amount) VALUES (?, ?, ?, ?)', [
      ulid(),
      transferId,
      lot.id,
      take,
    ]);
    left -= take;
  }
  await operationEnd(conn, move.key, move.now);
}

async function earn(
  conn: Conn,
  input: { key: string; member: RawMember; store: RawStore; points: number; checkoutId: string; now: string },
): Promise<void> {
  await operationStart(conn);
  await conn.run('SELECT id FROM ledger_accounts WHERE id = ? FOR UPDATE', [input.member.walletPoints]);
  await conn.run(
    `SELECT id, owner_type, owner_id, purpose, asset, no_negative, balance FROM ledger_accounts
      WHERE owner_type = 'member' AND owner_id = ? AND purpose = 'debt' AND asset = 'POINTS' FOR UPDATE`,
    [input.member.memberId],
  );
  await conn.run('UPDATE ledger_accounts SET balance = balance + ? WHERE id = ?', [
    input.points,
    input.member.walletPoints,
  ]);
  await conn.run('UPDATE ledger_accounts SET balance = balance - ? WHERE id = ?', [
    input.points,
    input.store.pointsIssued,
  ]);
  const transferId = ulid();
  await conn.run(
    `INSERT INTO ledger_transfers (id, idempotency_key, from_account_id, to_account_id, asset, amount, kind, status, store_id,
       cause_type, cause_id, reverses_id, note, created_at) VALUES (?, ?, ?, ?, 'POINTS', ?, 'EARN', 'posted', ?, 'checkout', ?, NULL, NULL, ?)`,
    [
      transferId,
      input.key,
      input.store.pointsIssued,
      input.member.walletPoints,
      input.points,
      input.store.storeId,
      input.checkoutId,
      input.now,
    ],
  );
  await conn.run('SELECT value FROM ledger_settings WHERE name = ?', ['points_expiry_rule']);
  await conn.run(
    `INSERT INTO ledger_lots (id, account_id, member_id, asset, issuing_store_id, funded_by, amount, remaining, expires_at,
       earned_at, origin_transfer_id, created_at) VALUES (?, ?, ?, 'POINTS', ?, 'STORE', ?, ?, ?, ?, ?, ?)`,
    [
      ulid(),
      input.member.walletPoints,
      input.member.memberId,
      input.store.storeId,
      input.points,
      input.points,
      utc(new Date(Date.now() + 365 * 86_400_000)),
      input.now,
      transferId,
      input.now,
    ],
  );
  await operationEnd(conn, input.key, input.now);
}
