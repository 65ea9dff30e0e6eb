import type { Pool } from 'mysql2/promise';
import { dayBit } from '../../../bff/src/domain/ledger/member-activity';
import { addLocalDays, startOfLocalDay } from '../../../bff/src/domain/shared/chain-time';
import { monotonicFactory } from '../../../bff/src/domain/shared/ulid';
import { insertRows as insertRowsWith } from './bench-db';
import { random } from './bench-measure';

const nextId = monotonicFactory();
const ZONE = 'Asia/Shanghai';
const CHUNK = 2000;

export interface ReportsSeedOptions {
  transfers: number;
  stores: number;
  members: number;
  days: number;
  from: string;
}

/**
 * The reports bench's chain, written directly (not through the use cases): `transfers` ledger
 * transfers over `days` days from `from` (checkouts with earn, redemption and stored value,
 * top-ups, expiries), the checkouts and settlement lines they make, and the daily rollups the
 * ledger, checkout and settlement writes would have kept for them.
 */
interface SeedState {
  transfers: unknown[][];
  checkouts: unknown[][];
  settlement: unknown[][];
  flows: Map<string, [string, string, string, string, string, number, number]>;
  lots: Map<string, [string, string, string, number]>;
  memberYears: Map<string, Array<string | number>>;
  sales: Map<string, [string, string, number, number, number]>;
  settle: Map<string, [string, string, string, number, number, number]>;
  counts: {
    transfers: number;
    checkouts: number;
    settlementLines: number;
    flowRows: number;
    lotRows: number;
    memberYearRows: number;
    salesRows: number;
    settlementDayRows: number;
  };
}

export async function seed(
  pool: Pool,
  options: ReportsSeedOptions,
  log: (line: string) => void,
): Promise<SeedState['counts']> {
  const rand = random(42);
  const stores = Array.from({ length: options.stores }, (_, i) => ({
    id: nextId(),
    code: `B${String(i).padStart(3, '0')}`,
  }));
  for (const store of stores) {
    await pool.query('INSERT INTO stores (id, code, name, city, created_at) VALUES (?, ?, ?, NULL, NOW())', [
      store.id,
      store.code,
      `门店${store.code}`,
    ]);
  }
  const members = Array.from({ length: options.members }, (_, i) => ({
    id: nextId(),
    wallet: nextId(),
    cny: nextId(),
    home: stores[i % stores.length].id,
  }));
  const state: SeedState = {
    transfers: [],
    checkouts: [],
    settlement: [],
    flows: new Map(),
    lots: new Map(),
    memberYears: new Map(),
    sales: new Map(),
    settle: new Map(),
    counts: {
      transfers: 0,
      checkouts: 0,
      settlementLines: 0,
      flowRows: 0,
      lotRows: 0,
      memberYearRows: 0,
      salesRows: 0,
      settlementDayRows: 0,
    },
  };
  const perDay = Math.ceil(options.transfers / options.days);
  for (let day = 0; day < options.days && state.counts.transfers < options.transfers; day++) {
    const date = addLocalDays(options.from, day);
    const dayStart = startOfLocalDay(date, ZONE).getTime();
    const target = Math.min(options.transfers, (day + 1) * perDay);
    while (state.counts.transfers < target) {
      const member = members[Math.floor(rand() * members.length)];
      const store = rand() < 0.7 ? member.home : stores[Math.floor(rand() * stores.length)].id;
      const at = new Date(dayStart + Math.floor(rand() * 86_400_000));
      checkoutEvent(state, { member, store, at, date, rand });
      if (state.transfers.length >= CHUNK) await flush(pool, state);
    }
    if (day % 10 === 0) log(`seeded day ${date}: ${state.counts.transfers} transfers`);
  }
  await flush(pool, state);
  await insertRows(
    pool,
    'report_daily_flows',
    ['local_date', 'store_key', 'asset', 'kind', 'flow', 'amount', 'transfers'],
    [...state.flows.values()],
  );
  await insertRows(pool, 'report_daily_lots', ['local_date', 'issuer_key', 'asset', 'delta'], [...state.lots.values()]);
  const months = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);
  await insertRows(
    pool,
    'report_member_years',
    ['store_key', 'member_id', 'year', ...months],
    [...state.memberYears.values()],
  );
  await insertRows(
    pool,
    'report_daily_sales',
    ['local_date', 'store_id', 'own_fen', 'visiting_fen', 'checkouts'],
    [...state.sales.values()],
  );
  await insertRows(
    pool,
    'report_daily_settlement',
    ['local_date', 'from_store_id', 'to_store_id', 'points', 'points_value_fen', 'stored_value_fen'],
    [...state.settle.values()],
  );
  state.counts.flowRows = state.flows.size;
  state.counts.lotRows = state.lots.size;
  state.counts.memberYearRows = state.memberYears.size;
  state.counts.salesRows = state.sales.size;
  state.counts.settlementDayRows = state.settle.size;
  return state.counts;
}

function checkoutEvent(
  state: SeedState,
  e: {
    member: { id: string; wallet: string; cny: string; home: string };
    store: string;
    at: Date;
    date: string;
    rand: () => number;
  },
): void {
  const amountFen = 1000 + Math.floor(e.rand() * 30_000);
  const earned = Math.floor(amountFen / 100);
  const redeem = e.rand() < 0.4 ? 1 + Math.floor(e.rand() * 300) : 0;
  const storedValue = e.rand() < 0.15 ? Math.min(amountFen, 500 + Math.floor(e.rand() * 5000)) : 0;
  const checkoutId = nextId();
  transfer(state, e, { kind: 'EARN', asset: 'POINTS', amount: earned, toMember: true, issuer: e.store });
  const settle = (points: number, fen: number) => {
    state.settlement.push([nextId(), e.member.home, e.store, points, points, fen, 'checkout', checkoutId, e.at]);
    const key = `${e.date}|${e.member.home}|${e.store}`;
    const row = state.settle.get(key) ?? [e.date, e.member.home, e.store, 0, 0, 0];
    row[3] += points;
    row[4] += points;
    row[5] += fen;
    state.settle.set(key, row);
  };
  if (redeem > 0) {
    transfer(state, e, { kind: 'REDEEM', asset: 'POINTS', amount: redeem, toMember: false, issuer: e.member.home });
    if (e.member.home !== e.store) settle(redeem, 0);
  }
  if (storedValue > 0) {
    transfer(state, e, { kind: 'SPEND', asset: 'CNY', amount: storedValue, toMember: false, issuer: e.member.home });
    if (e.member.home !== e.store) settle(0, storedValue);
  }
  for (const storeKey of [e.store, '*']) markActive(state, storeKey, e.member.id, e.date);
  const salesKey = `${e.date}|${e.store}`;
  const sales = state.sales.get(salesKey) ?? [e.date, e.store, 0, 0, 0];
  sales[e.member.home === e.store ? 2 : 3] += amountFen;
  sales[4] += 1;
  state.sales.set(salesKey, sales);
  if (e.rand() < 0.1)
    transfer(state, e, { kind: 'TOPUP', asset: 'CNY', amount: 10_000, toMember: true, issuer: e.store });
  if (e.rand() < 0.1)
    transfer(state, e, {
      kind: 'EXPIRE',
      asset: 'POINTS',
      amount: 1 + Math.floor(e.rand() * 50),
      toMember: false,
      issuer: e.member.home,
    });
  state.checkouts.push([
    checkoutId,
    e.store,
    e.member.id,
    nextId(),
    nextId(),
    `B${checkoutId}`,
    amountFen,
    0,
    redeem,
    redeem,
    storedValue,
    Math.max(0, amountFen - redeem - storedValue),
    earned,
    100,
    '{}',
    '[]',
    '[]',
    '[]',
    0,
    0,
    e.date,
    e.at,
    e.member.home,
  ]);
}

/** The bit report_member_years holds for a member active on a day (member-activity.ts). */
function markActive(state: SeedState, storeKey: string, memberId: string, date: string): void {
  const { year, column, bit } = dayBit(date);
  const key = `${storeKey}|${memberId}|${year}`;
  const row = state.memberYears.get(key) ?? [storeKey, memberId, year, ...Array.from({ length: 12 }, () => 0)];
  const index = 2 + Number(column.slice(1));
  row[index] = (row[index] as number) | bit;
  state.memberYears.set(key, row);
}

function transfer(
  state: SeedState,
  e: { member: { wallet: string; cny: string }; store: string; at: Date; date: string },
  t: { kind: string; asset: 'POINTS' | 'CNY'; amount: number; toMember: boolean; issuer: string },
): void {
  const id = nextId();
  const memberAccount = t.asset === 'POINTS' ? e.member.wallet : e.member.cny;
  const other = `${t.kind}-${e.store}`.slice(0, 26);
  const storeId = t.kind === 'EXPIRE' ? t.issuer : e.store;
  state.transfers.push([
    id,
    `bench:${id}`,
    t.toMember ? other : memberAccount,
    t.toMember ? memberAccount : other,
    t.asset,
    t.amount,
    t.kind,
    'posted',
    storeId,
    'bench',
    null,
    null,
    null,
    e.at,
  ]);
  state.counts.transfers += 1;
  const flow = t.toMember ? 'in' : 'out';
  const flowKey = `${e.date}|${storeId}|${t.asset}|${t.kind}|${flow}`;
  const f = state.flows.get(flowKey) ?? [e.date, storeId, t.asset, t.kind, flow, 0, 0];
  f[5] += t.amount;
  f[6] += 1;
  state.flows.set(flowKey, f);
  const lotKey = `${e.date}|${t.issuer}|${t.asset}`;
  const l = state.lots.get(lotKey) ?? [e.date, t.issuer, t.asset, 0];
  l[3] += t.toMember ? t.amount : -t.amount;
  state.lots.set(lotKey, l);
}

async function flush(pool: Pool, state: SeedState): Promise<void> {
  await insertRows(
    pool,
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
    state.transfers,
  );
  await insertRows(
    pool,
    'checkouts',
    [
      'id',
      'store_id',
      'member_id',
      'scan_id',
      'staff_member_id',
      'order_ref',
      'amount_fen',
      'coupon_discount_fen',
      'points_redeemed',
      'points_discount_fen',
      'stored_value_paid_fen',
      'cash_due_fen',
      'points_earned',
      'point_cost_centi_fen',
      'earn_breakdown',
      'redeemed_portions',
      'stored_value_portions',
      'coupon_codes',
      'refunded_fen',
      'refund_count',
      'local_date',
      'created_at',
      'member_home_store_id',
    ],
    state.checkouts,
  );
  await insertRows(
    pool,
    'settlement_lines',
    [
      'id',
      'from_store_id',
      'to_store_id',
      'points',
      'points_value_fen',
      'stored_value_fen',
      'cause_type',
      'cause_id',
      'created_at',
    ],
    state.settlement,
  );
  state.counts.checkouts += state.checkouts.length;
  state.counts.settlementLines += state.settlement.length;
  state.transfers.length = 0;
  state.checkouts.length = 0;
  state.settlement.length = 0;
}

function insertRows(pool: Pool, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  return insertRowsWith((sql, params) => pool.query(sql, params), table, columns, rows, CHUNK);
}
