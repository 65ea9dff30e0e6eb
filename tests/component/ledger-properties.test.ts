import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { inTransaction, readInstant, select } from '../../bff/src/db/tx';
import {
  auditLedger,
  clawBackPoints,
  earnPoints,
  getMemberBalances,
  holdPoints,
  postTransfer,
  reverseTransfer,
  spendPoints,
  voidTransfer,
} from '../../bff/src/domain/ledger';
import { expireAllDue } from '../../bff/src/jobs';
import { createMember, createStore, newKey } from '../support/ledger-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

let bff: TestBff;
let ds: DataSource;
let stores: string[];
const base = Date.parse('2026-01-01T00:00:00Z');
const day = 86_400_000;
const expiries = [10, 20, 30, 40].map((d) => base + d * day);

beforeAll(async () => {
  bff = await bootTestBff();
  ds = bff.db.dataSource;
  stores = [await createStore(ds), await createStore(ds)];
});
afterAll(() => bff?.close());

type Action =
  | { type: 'earn'; points: number; store: number; expiry: number }
  | { type: 'redeem'; points: number; store: number }
  | { type: 'hold'; points: number }
  | { type: 'post'; pick: number }
  | { type: 'void'; pick: number }
  | { type: 'reverse'; pick: number }
  | { type: 'expire'; step: number }
  | { type: 'clawback'; points: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    type: fc.constant('earn' as const),
    points: fc.integer({ min: 1, max: 50 }),
    store: fc.nat(1),
    expiry: fc.nat(3),
  }),
  fc.record({ type: fc.constant('redeem' as const), points: fc.integer({ min: 1, max: 60 }), store: fc.nat(1) }),
  fc.record({ type: fc.constant('hold' as const), points: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ type: fc.constantFrom('post' as const, 'void' as const, 'reverse' as const), pick: fc.nat(20) }),
  fc.record({ type: fc.constant('expire' as const), step: fc.integer({ min: 1, max: 15 }) }),
  fc.record({ type: fc.constant('clawback' as const), points: fc.integer({ min: 1, max: 40 }) }),
);

/** Runs one action against the ledger and the model; both must agree on success or the error code. */
async function apply(member: string, model: PointsModel, clock: { asOf: number }, a: Action): Promise<void> {
  const run = <T>(work: Parameters<typeof inTransaction<T>>[1]) => inTransaction(ds, work);
  const expectCode = async (promise: Promise<unknown>, code: string) =>
    expect(
      await promise.then(
        () => 'ok',
        (e) => e.code ?? String(e),
      ),
    ).toBe(code);
  if (a.type === 'earn') {
    const expiresAt = new Date(expiries[a.expiry]);
    const result = await run((tx) =>
      earnPoints(tx, {
        memberId: member,
        storeId: stores[a.store],
        points: a.points,
        idempotencyKey: newKey(),
        earnedAt: new Date(base),
        expiresAt,
      }),
    );
    const seq = model.earn(a.points, stores[a.store], expiries[a.expiry]);
    if (result.lotId)
      model.transfers.push({
        id: result.transferIds[result.transferIds.length - 1],
        kind: 'EARN',
        amount: result.credited,
        status: 'posted',
        reversed: false,
        lotSeq: seq ?? undefined,
        portions: [],
      });
  } else if (a.type === 'redeem' || a.type === 'hold') {
    const enough = a.points <= model.balance;
    const input = {
      memberId: member,
      storeId: stores[a.type === 'redeem' ? a.store : 0],
      points: a.points,
      idempotencyKey: newKey(),
      at: new Date(),
    };
    const call = run((tx) => (a.type === 'redeem' ? spendPoints(tx, input) : holdPoints(tx, input)));
    if (!enough) return expectCode(call, 'INSUFFICIENT_POINTS');
    const result = await call;
    model.transfers.push({
      id: result.transferId,
      kind: a.type === 'redeem' ? 'REDEEM' : 'HOLD',
      amount: a.points,
      status: a.type === 'redeem' ? 'posted' : 'pending',
      reversed: false,
      portions: model.consume(a.points),
    });
  } else if (a.type === 'post' || a.type === 'void') {
    const holds = model.transfers.filter((t) => t.kind === 'HOLD');
    if (holds.length === 0) return;
    const hold = holds[a.pick % holds.length];
    const call = run<unknown>((tx) =>
      a.type === 'post' ? postTransfer(tx, hold.id, new Date()) : voidTransfer(tx, hold.id, new Date()),
    );
    if (hold.status !== 'pending') return expectCode(call, 'TRANSFER_NOT_PENDING');
    await call;
    hold.status = a.type === 'post' ? 'posted' : 'voided';
    if (a.type === 'void') model.giveBack(hold.portions);
  } else if (a.type === 'reverse') {
    if (model.transfers.length === 0) return;
    const target = model.transfers[a.pick % model.transfers.length];
    const call = run((tx) => reverseTransfer(tx, { at: new Date(), transferId: target.id, idempotencyKey: newKey() }));
    if (target.reversed || target.status !== 'posted') return expectCode(call, 'TRANSFER_NOT_REVERSIBLE');
    if (target.kind === 'EARN' && model.balance < target.amount) return expectCode(call, 'INSUFFICIENT_POINTS');
    await call;
    target.reversed = true;
    if (target.kind === 'EARN') model.consume(target.amount, target.lotSeq);
    else model.giveBack(target.portions);
  } else if (a.type === 'expire') {
    clock.asOf += a.step * day;
    await expireAllDue(ds, new Date(clock.asOf));
    model.expire(clock.asOf);
  } else {
    await run((tx) =>
      clawBackPoints(tx, {
        at: new Date(),
        memberId: member,
        storeId: stores[0],
        points: a.points,
        idempotencyKey: newKey(),
      }),
    );
    model.clawBack(a.points);
  }
}

async function expectAgreement(member: string, model: PointsModel): Promise<void> {
  const balances = await getMemberBalances(ds.manager, member);
  expect({ points: balances.points, pendingPoints: balances.pendingPoints, pointsDebt: balances.pointsDebt }).toEqual({
    points: model.balance,
    pendingPoints: model.pending,
    pointsDebt: model.debt,
  });
  const lots = await select<{ expires_at: unknown; issuing_store_id: string; remaining: number }>(
    ds.manager,
    `SELECT expires_at, issuing_store_id, remaining FROM ledger_lots WHERE member_id = ? AND remaining > 0
      ORDER BY expires_at, id`,
    [member],
  );
  expect(lots.map((l) => [readInstant(l.expires_at).getTime(), l.issuing_store_id, Number(l.remaining)])).toEqual(
    model.openLots(),
  );
  const audit = await auditLedger(ds);
  if (!audit.balanced) throw new Error(`audit: ${JSON.stringify(audit)}`);
}

test('When random earn/redeem/hold/post/void/reverse/expire/clawback sequences run, Then ledger, model and audit agree after every step', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 30 }), async (actions) => {
      const member = await createMember(ds);
      const model = new PointsModel();
      const clock = { asOf: base };
      for (const a of actions) {
        await apply(member, model, clock, a);
        await expectAgreement(member, model);
      }
    }),
    { numRuns: 25 },
  );
}, 120_000);

/**
 * A tiny in-memory model of one member's points for the property tests: lots consumed
 * earliest-expiry first (ties in creation order), holds, reversals, expiry and clawback debt.
 */
interface ModelLot {
  seq: number;
  expiresAt: number;
  storeId: string;
  remaining: number;
}
interface ModelPortion {
  expiresAt: number;
  storeId: string;
  amount: number;
}
interface ModelTransfer {
  id: string;
  kind: 'EARN' | 'REDEEM' | 'HOLD';
  amount: number;
  status: 'posted' | 'pending' | 'voided';
  reversed: boolean;
  lotSeq?: number;
  portions: ModelPortion[];
}

class PointsModel {
  lots: ModelLot[] = [];
  debt = 0;
  transfers: ModelTransfer[] = [];
  private seq = 0;

  get balance(): number {
    return this.lots.reduce((sum, lot) => sum + lot.remaining, 0);
  }

  get pending(): number {
    return this.transfers.filter((t) => t.status === 'pending').reduce((sum, t) => sum + t.amount, 0);
  }

  /** Returns the seq of the new lot, or null when all went to debt. */
  earn(points: number, storeId: string, expiresAt: number): number | null {
    const repaid = Math.min(this.debt, points);
    this.debt -= repaid;
    const credited = points - repaid;
    return credited > 0 ? this.addLot(credited, storeId, expiresAt) : null;
  }

  addLot(amount: number, storeId: string, expiresAt: number): number {
    this.seq += 1;
    this.lots.push({ seq: this.seq, expiresAt, storeId, remaining: amount });
    return this.seq;
  }

  consume(amount: number, preferSeq?: number): ModelPortion[] {
    const open = this.lots
      .filter((lot) => lot.remaining > 0)
      .sort((a, b) => a.expiresAt - b.expiresAt || a.seq - b.seq);
    const ordered = [...open.filter((l) => l.seq === preferSeq), ...open.filter((l) => l.seq !== preferSeq)];
    const portions: ModelPortion[] = [];
    let left = amount;
    for (const lot of ordered) {
      if (left === 0) break;
      const take = Math.min(left, lot.remaining);
      lot.remaining -= take;
      left -= take;
      portions.push({ expiresAt: lot.expiresAt, storeId: lot.storeId, amount: take });
    }
    if (left > 0) throw new Error('model consumed more than it holds');
    return portions;
  }

  giveBack(portions: ModelPortion[]): void {
    for (const portion of portions) this.addLot(portion.amount, portion.storeId, portion.expiresAt);
  }

  expire(asOf: number): void {
    for (const lot of this.lots) if (lot.expiresAt <= asOf) lot.remaining = 0;
  }

  clawBack(points: number): void {
    const take = Math.min(this.balance, points);
    if (take > 0) this.consume(take);
    this.debt += points - take;
  }

  /** Open lots in consumption order, as comparable tuples. */
  openLots(): Array<[number, string, number]> {
    return this.lots
      .filter((lot) => lot.remaining > 0)
      .sort((a, b) => a.expiresAt - b.expiresAt || a.seq - b.seq)
      .map((lot) => [lot.expiresAt, lot.storeId, lot.remaining]);
  }
}
