import { beforeCommit, execute, isSqlite, type Tx } from '../../db/tx';
import { localDate } from '../shared/chain-time';
import { recordMemberActivity } from './member-activity';
import type { Asset } from './types';

/**
 * Daily rollups for HQ reports (issue #15), kept in the same transaction as the ledger rows they
 * sum, so a report over a period reads one row per day and store instead of every transfer:
 * - report_daily_flows: what moved per (chain-time day, store, asset, kind, flow), where flow is
 *   `in` (to a member account from a non-member one), `out` (the reverse) or `move` (neither side
 *   or both sides are members, e.g. a merge);
 * - report_daily_lots: the change of what members hold in lots, per day and issuing store (the
 *   outstanding liability by issuing store is the running sum);
 * - report_member_years: which days members were active (earned, redeemed, paid with or topped up
 *   stored value, checked in, exchanged) at a store and in the chain (member-activity.ts).
 * Each ledger write notes its part here; the transaction adds the notes up and writes them in one
 * statement per table just before it commits (tx.ts beforeCommit), in key order, so concurrent
 * transactions take the few rollup rows they share in the same order and hold them briefly.
 */
const NO_STORE = '-';
let zone = 'Asia/Shanghai';

/** The chain's time zone (config CHAIN_TIME_ZONE), set once at start; days are counted there. */
export function setRollupTimeZone(timeZone: string): void {
  zone = timeZone;
}

export function rollupTimeZone(): string {
  return zone;
}

export type Flow = 'in' | 'out' | 'move';

export interface FlowNote {
  at: Date;
  storeId: string | null;
  asset: Asset;
  kind: string;
  flow: Flow;
  /** Negative to take back an earlier note (a voided pending transfer). */
  amount: number;
  transfers: number;
  /** The member on the member side of the movement. */
  memberId?: string;
}

/** Kinds of movement that make a member count as active at the store that day. */
export const ACTIVE_KINDS = new Set(['EARN', 'REDEEM', 'SPEND', 'TOPUP', 'CHECKIN', 'EXCHANGE']);

export interface LotNote {
  at: Date;
  issuingStoreId: string | null;
  asset: Asset;
  delta: number;
}

interface Pending {
  flows: Map<string, { key: unknown[]; amount: number; transfers: number }>;
  lots: Map<string, { key: unknown[]; delta: number }>;
  members: Map<string, unknown[]>;
}

const pendingByTx = new WeakMap<object, Pending>();

export function flowOf(fromMember: boolean, toMember: boolean): Flow {
  if (toMember && !fromMember) return 'in';
  if (fromMember && !toMember) return 'out';
  return 'move';
}

export async function noteFlows(tx: Tx, notes: FlowNote[]): Promise<void> {
  const pending = await pendingOf(tx);
  for (const note of notes) {
    const key = [localDate(note.at, zone), note.storeId ?? NO_STORE, note.asset, note.kind, note.flow];
    const id = key.join('|');
    const entry = pending.flows.get(id) ?? { key, amount: 0, transfers: 0 };
    entry.amount += note.amount;
    entry.transfers += note.transfers;
    pending.flows.set(id, entry);
    if (note.memberId && note.amount > 0 && note.flow !== 'move' && ACTIVE_KINDS.has(note.kind)) {
      const member = [key[0], key[1], note.memberId];
      pending.members.set(member.join('|'), member);
    }
  }
  await flushUnlessQueued(tx, pending);
}

export async function noteLots(tx: Tx, notes: LotNote[]): Promise<void> {
  const pending = await pendingOf(tx);
  for (const note of notes) {
    if (note.delta === 0) continue;
    const key = [localDate(note.at, zone), note.issuingStoreId ?? NO_STORE, note.asset];
    const id = key.join('|');
    const entry = pending.lots.get(id) ?? { key, delta: 0 };
    entry.delta += note.delta;
    pending.lots.set(id, entry);
  }
  await flushUnlessQueued(tx, pending);
}

const queued = new WeakSet<Pending>();

async function pendingOf(tx: Tx): Promise<Pending> {
  const owner = (tx.queryRunner?.data as object | undefined) ?? tx;
  let pending = pendingByTx.get(owner);
  if (!pending) pendingByTx.set(owner, (pending = { flows: new Map(), lots: new Map(), members: new Map() }));
  return pending;
}

async function flushUnlessQueued(tx: Tx, pending: Pending): Promise<void> {
  if (queued.has(pending)) return;
  if (beforeCommit(tx, 'report-rollups', (commitTx) => flush(commitTx, pending))) {
    queued.add(pending);
    return;
  }
  await flush(tx, pending); // not inside inTransaction (a script's own statement): write at once
}

async function flush(tx: Tx, pending: Pending): Promise<void> {
  const flows = [...pending.flows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const lots = [...pending.lots.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const members = [...pending.members.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  pending.flows.clear();
  pending.lots.clear();
  pending.members.clear();
  const sqlite = isSqlite(tx.connection);
  if (flows.length > 0) {
    await execute(
      tx,
      `INSERT INTO report_daily_flows (local_date, store_key, asset, kind, flow, amount, transfers) VALUES ${marks(flows.length, 7)}
       ${
         sqlite
           ? 'ON CONFLICT (local_date, store_key, asset, kind, flow) DO UPDATE SET amount = amount + excluded.amount, transfers = transfers + excluded.transfers'
           : 'ON DUPLICATE KEY UPDATE amount = amount + VALUES(amount), transfers = transfers + VALUES(transfers)'
       }`,
      flows.flatMap((f) => [...f.key, f.amount, f.transfers]),
    );
  }
  const changed = lots.filter((l) => l.delta !== 0);
  if (changed.length > 0) {
    await execute(
      tx,
      `INSERT INTO report_daily_lots (local_date, issuer_key, asset, delta) VALUES ${marks(changed.length, 4)}
       ${
         sqlite
           ? 'ON CONFLICT (local_date, issuer_key, asset) DO UPDATE SET delta = delta + excluded.delta'
           : 'ON DUPLICATE KEY UPDATE delta = delta + VALUES(delta)'
       }`,
      changed.flatMap((l) => [...l.key, l.delta]),
    );
  }
  for (const [date, storeKey, memberId] of members as Array<[string, string, string]>) {
    await recordMemberActivity(tx, { date, storeKey, memberId });
  }
}

function marks(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}
