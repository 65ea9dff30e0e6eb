import { ulid } from 'ulid';
import { type AnyRoute, defineRoute } from '../../bff/src/http/route';
import { allRoutes } from '../../bff/src/http/routes';
import { createMember, createStaff, createStore } from '../support/instore-fixtures';
import { insertAdminToken } from '../support/rows';
import { bootTestBff, type TestBff } from '../support/test-bff';

/**
 * Authorization sweep (issue #10): every route of the route table is called as each kind of
 * caller, and what got through is compared with the table below, written by hand. A route
 * without a row fails the sweep, so a route added without deciding who may call it cannot ship.
 *
 * Callers: nobody signed in; a member with no role; a clerk of another store; a clerk and a
 * manager of the store the path names; an HQ admin; a finance admin (read-only HQ role). "allow" means the call got past
 * authorisation (any answer but 401/403 with an authorisation code; a 400 for the empty body is
 * fine); "deny" means it was refused as 401 UNAUTHENTICATED, 403 FORBIDDEN, NOT_STAFF_OF_STORE or
 * MANAGER_REQUIRED. A 500 fails the sweep whatever the row says.
 *
 * To add a caller (e.g. a finance admin): add it to CALLERS, give it a token in `callersFor`,
 * and add its column to the level constants (and to any row written out by hand).
 */
const CALLERS = ['anonymous', 'member', 'otherStoreClerk', 'clerk', 'manager', 'admin', 'finance'] as const;
type Caller = (typeof CALLERS)[number];
type Outcome = 'allow' | 'deny';
type Row = Record<Caller, Outcome>;

const A: Outcome = 'allow';
const D: Outcome = 'deny';
/** Anyone, signed in or not. */
const PUBLIC: Row = { anonymous: A, member: A, otherStoreClerk: A, clerk: A, manager: A, admin: A, finance: A };
/** Any signed-in member (staff are members too); not HQ tokens. */
const MEMBER: Row = { anonymous: D, member: A, otherStoreClerk: A, clerk: A, manager: A, admin: D, finance: D };
/** Staff of the store in the path. */
const STORE_STAFF: Row = { anonymous: D, member: D, otherStoreClerk: D, clerk: A, manager: A, admin: D, finance: D };
/** Managers of the store in the path. */
const STORE_MANAGER: Row = { anonymous: D, member: D, otherStoreClerk: D, clerk: D, manager: A, admin: D, finance: D };
/** HQ administrators (writes and everything else the finance role may not see). */
const HQ: Row = { anonymous: D, member: D, otherStoreClerk: D, clerk: D, manager: D, admin: A, finance: D };
/** HQ reads open to the finance role too (reports, settlements, audit). */
const HQ_READ: Row = { anonymous: D, member: D, otherStoreClerk: D, clerk: D, manager: D, admin: A, finance: A };
/** No bearer caller at all (the route has its own credentials). */
const NOBODY: Row = { anonymous: D, member: D, otherStoreClerk: D, clerk: D, manager: D, admin: D, finance: D };

/** Who may call each route, keyed by "METHOD path" as the route table declares it. */
const expected: Record<string, Row> = {
  'GET /healthz': PUBLIC,
  'POST /api/auth/wechat-login': PUBLIC,
  'POST /api/admin/login': PUBLIC,

  'GET /api/me': MEMBER,
  'GET /api/me/ledger': MEMBER,
  'GET /api/me/member-code-secret': MEMBER,
  'POST /api/me/member-code-secret/rotate': MEMBER,
  'GET /api/me/subscriptions': MEMBER,
  'POST /api/me/subscriptions': MEMBER,
  'POST /api/me/phone': MEMBER,
  'POST /api/me/delete': MEMBER,
  'POST /api/staff/bind': MEMBER,

  'POST /api/stores/:storeId/scan': STORE_STAFF,
  'POST /api/stores/:storeId/checkouts/preview': STORE_STAFF,
  'POST /api/stores/:storeId/checkouts': STORE_STAFF,
  'POST /api/stores/:storeId/checkouts/:checkoutId/refund': STORE_STAFF,
  'POST /api/stores/:storeId/checkouts/:checkoutId/refund/preview': STORE_STAFF,
  'GET /api/stores/:storeId/checkouts': STORE_STAFF,
  'POST /api/stores/:storeId/self-sale-approvals': STORE_MANAGER,
  'POST /api/stores/:storeId/member-approvals': STORE_STAFF,
  'GET /api/stores/:storeId/member-approvals/:id': STORE_STAFF,
  'POST /api/stores/:storeId/member-approvals/:id/pin': STORE_STAFF,

  'PUT /api/admin/earn-rule': HQ,
  'GET /api/admin/earn-rule': HQ,
  'PUT /api/admin/redeem-rule': HQ,
  'GET /api/admin/redeem-rule': HQ,
  'PUT /api/admin/settlement-rule': HQ,
  'GET /api/admin/settlement-rule': HQ,
  'PUT /api/admin/tier-rule': HQ,
  'GET /api/admin/tier-rule': HQ,
  'PUT /api/admin/staff-sale-rule': HQ,
  'GET /api/admin/staff-sale-rule': HQ,
  'PUT /api/admin/member-approval-rule': HQ,
  'GET /api/admin/member-approval-rule': HQ,
  'PUT /api/admin/stores/:id/earn-rule': HQ,
  'GET /api/admin/stores/:id/earn-rule': HQ,
  'GET /api/admin/settlements': HQ_READ,
  'POST /api/admin/stores': HQ,
  'GET /api/admin/stores': HQ,
  'POST /api/admin/stores/:id/staff-invites': HQ,
  'DELETE /api/admin/stores/:id/staff/:memberId': HQ,
  'POST /api/admin/stores/:id/staff/:memberId/revoke': HQ,
  'GET /api/admin/audit-log': HQ_READ,
  'PUT /api/admin/members/:id/status': HQ,
  'POST /api/admin/members/:id/adjust': HQ,
  'POST /api/admin/merges/:id/undo': HQ,
  'GET /api/admin/ledger/audit': HQ_READ,
  'POST /api/admin/jobs/:name/run': HQ,
  'GET /api/admin/members': HQ,
  'GET /api/admin/members/:id': HQ,
  'GET /api/admin/members/:id/ledger': HQ,
  'GET /api/admin/rules/:kind/versions': HQ,
  'GET /api/admin/stores/:id/checkouts': HQ,
  'POST /api/admin/earn-rule/preview': HQ,
  'POST /api/admin/imports': HQ,

  'POST /api/admin/stores/:id/api-keys': HQ,
  'GET /api/admin/stores/:id/api-keys': HQ,
  'DELETE /api/admin/stores/:id/api-keys/:keyId': HQ,
  'POST /api/admin/webhooks': HQ,
  'GET /api/admin/webhooks': HQ,
  'DELETE /api/admin/webhooks/:id': HQ,
  'GET /api/admin/webhooks/deliveries': HQ,
  'POST /api/admin/webhooks/deliveries/:id/replay': HQ,
  /** Signed POS requests: no bearer token gets in (401 POS_KEY_UNKNOWN); pos-api.test.ts covers the keys. */
  'POST /api/pos/scan': NOBODY,
  'POST /api/pos/checkouts/preview': NOBODY,
  'POST /api/pos/checkouts': NOBODY,
  'POST /api/pos/checkouts/:checkoutId/refund': NOBODY,
  'GET /api/pos/checkouts': NOBODY,
  'POST /api/pos/member-approvals': NOBODY,
  'POST /api/pos/members/lookup-by-phone': NOBODY,
  'GET /api/pos/member-approvals/:id': NOBODY,
  'POST /api/pos/member-approvals/:id/pin': NOBODY,
  'GET /api/pay/topup-options': MEMBER,
  'POST /api/pay/topups': MEMBER,
  'GET /api/pay/topups/:id': MEMBER,
  /** WeChat Pay's callback: no bearer token, the signature is the check (its own 401 SIGN_ERROR). */
  'POST /api/pay/notify': PUBLIC,
  'PUT /api/admin/topup-rule': HQ,
  'GET /api/admin/topup-rule': HQ,
  'GET /api/admin/topups': HQ,
  'GET /api/admin/topups/:id': HQ,
  'POST /api/admin/topups/:id/refund': HQ,

  'GET /api/me/referral': MEMBER,
  'GET /api/me/referral/poster': MEMBER,
  'GET /api/referral/codes/:code': PUBLIC,
  'GET /api/stores/:storeId/referral/leaderboard': STORE_MANAGER,
  'PUT /api/admin/referral-rule': HQ,
  'GET /api/admin/referral-rule': HQ,
  'GET /api/admin/referrals/review': HQ,
  'POST /api/admin/referrals/review/:id/approve': HQ,
  'POST /api/admin/referrals/review/:id/reject': HQ,
  'GET /api/admin/reports/referral-funnel': HQ_READ,
  'PUT /api/admin/approval-rule': HQ,
  'GET /api/admin/approval-rule': HQ,
  'PUT /api/admin/risk-rule': HQ,
  'GET /api/admin/risk-rule': HQ,
  'GET /api/admin/me': HQ_READ,
  'GET /api/admin/admins': HQ,
  'POST /api/admin/admins': HQ,
  'PUT /api/admin/admins/:id': HQ,
  'POST /api/admin/admins/:id/reset-password': HQ,
  'GET /api/admin/reports/summary': HQ_READ,
  'GET /api/admin/reports/daily': HQ_READ,
  'GET /api/admin/reports/tiers': HQ_READ,
  'GET /api/admin/reports/breakage': HQ_READ,
  'GET /api/admin/reports/coupons': HQ_READ,
  'GET /api/admin/reports/rewards': HQ_READ,
  'GET /api/admin/approvals': HQ_READ,
  'POST /api/admin/approvals/:id/approve': HQ,
  'POST /api/admin/approvals/:id/reject': HQ,
  'POST /api/admin/members/:id/reinstate': HQ,
  'GET /api/admin/risk-alerts': HQ_READ,
  'POST /api/admin/risk-alerts/:id/acknowledge': HQ,
  'GET /api/admin/jobs': HQ_READ,

  'POST /api/admin/coupon-templates': HQ,
  'GET /api/admin/coupon-templates': HQ,
  'PUT /api/admin/coupon-templates/:id': HQ,
  'POST /api/admin/coupon-templates/:id/issue': HQ,
  'GET /api/admin/coupon-issues/:id': HQ,
  'POST /api/admin/member-imports': HQ,
  'GET /api/admin/member-imports/:id': HQ,
  'GET /api/me/coupons': MEMBER,
  'GET /api/me/coupons/:id': MEMBER,
  'POST /api/me/coupons/:id/gift': MEMBER,
  'GET /api/coupons/center': MEMBER,
  'POST /api/coupons/claim': MEMBER,
  'POST /api/stores/:storeId/coupons/redeem': STORE_STAFF,
  'POST /api/admin/rewards': HQ,
  'GET /api/admin/rewards': HQ,
  'PUT /api/admin/rewards/:id': HQ,
  'GET /api/admin/reward-exchanges': HQ,
  'GET /api/rewards': MEMBER,
  'POST /api/rewards/:id/exchange': MEMBER,
  'GET /api/me/reward-exchanges': MEMBER,
  'POST /api/stores/:storeId/pickups/verify': STORE_STAFF,
  'POST /api/me/check-in': MEMBER,
  'GET /api/me/member-approvals': MEMBER,
  'POST /api/me/member-approvals/:id/approve': MEMBER,
  'POST /api/me/member-approvals/:id/reject': MEMBER,
  'GET /api/me/payment-pin': MEMBER,
  'PUT /api/me/payment-pin': MEMBER,
  'GET /api/me/check-ins': MEMBER,
  'GET /api/me/points/gift-options': MEMBER,
  'POST /api/me/points/gift': MEMBER,
  'GET /api/me/birthday': MEMBER,
  'PUT /api/me/birthday': MEMBER,
  'PUT /api/admin/member-gift-rule': HQ,
  'GET /api/admin/member-gift-rule': HQ,
  'PUT /api/admin/check-in-rule': HQ,
  'GET /api/admin/check-in-rule': HQ,
  'PUT /api/admin/points-gift-rule': HQ,
  'GET /api/admin/points-gift-rule': HQ,
};

const AUTH_REFUSALS = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_STAFF_OF_STORE',
  'MANAGER_REQUIRED',
  'POS_KEY_UNKNOWN',
]);
const keyOf = (route: AnyRoute) => `${route.method.toUpperCase()} ${route.path}`;

/** A route that forgot its guard: it hands a store's day to anybody. Registered only in this file. */
const unprotectedTestRoute = defineRoute({
  method: 'get',
  path: '/api/stores/:storeId/test-only-unguarded-day',
  summary: 'test only: a route registered without protection',
  tag: 'test',
  auth: 'none',
  handle: async ({ ctx }) => ({ storeId: ctx.params.storeId, items: [] }),
});

let bff: TestBff;
let store: string;
let otherStore: string;

beforeAll(async () => {
  bff = await bootTestBff({ extraRoutes: [unprotectedTestRoute] });
  store = await createStore(bff, 'Sweep store');
  otherStore = await createStore(bff, 'Other store');
});
afterAll(() => bff?.close());

/** Fresh callers for each route, so a route that deletes or rotates something spoils no other row. */
async function callersFor(): Promise<Record<Caller, string | undefined>> {
  return {
    anonymous: undefined,
    member: (await createMember(bff)).token,
    otherStoreClerk: (await createStaff(bff, otherStore, 'clerk')).token,
    clerk: (await createStaff(bff, store, 'clerk')).token,
    manager: (await createStaff(bff, store, 'manager')).token,
    admin: await insertAdminToken(bff.db.dataSource, bff.config.JWT_SECRET),
    finance: await insertAdminToken(bff.db.dataSource, bff.config.JWT_SECRET, 'finance'),
  };
}

/** The route's path with its parameters filled: the sweep store, a member, or ids that name nothing. */
function pathOf(route: AnyRoute, memberId: string): string {
  return route.path.replace(/:(\w+)/g, (_match, name: string) => {
    if (name === 'storeId') return store;
    if (name === 'id' && route.path.startsWith('/api/admin/stores/')) return store;
    if (name === 'id' && route.path.startsWith('/api/admin/members/')) return memberId;
    if (name === 'memberId') return memberId;
    if (name === 'name') return 'no-such-job';
    return ulid();
  });
}

async function observe(route: AnyRoute): Promise<Row> {
  const callers = await callersFor();
  const target = await createMember(bff);
  const observed = {} as Row;
  for (const caller of CALLERS) {
    const response = await bff.api.request(route.method.toUpperCase(), pathOf(route, target.id), {
      token: callers[caller],
      body: route.method === 'get' ? undefined : {},
      idempotencyKey: route.method === 'get' ? undefined : `sweep-${ulid()}`,
    });
    // Our own fault is never an answer; 503 (a capability not configured here, like WeChat Pay) is.
    if (response.status === 500) {
      throw new Error(`${keyOf(route)} as ${caller}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    const refused =
      (response.status === 401 || response.status === 403) && AUTH_REFUSALS.has(response.body?.error?.code);
    observed[caller] = refused ? 'deny' : 'allow';
  }
  return observed;
}

/** The sweep over a route list: routes without a row, and routes whose callers got other answers. */
async function sweep(routes: AnyRoute[], table: Record<string, Row>) {
  const missing = routes.filter((route) => !Object.hasOwn(table, keyOf(route))).map(keyOf);
  const mismatches: Array<{ route: string; expected: Row; observed: Row }> = [];
  for (const route of routes) {
    if (!Object.hasOwn(table, keyOf(route))) continue;
    const observed = await observe(route);
    if (JSON.stringify(observed) !== JSON.stringify(table[keyOf(route)])) {
      mismatches.push({ route: keyOf(route), expected: table[keyOf(route)], observed });
    }
  }
  return { missing, mismatches };
}

function explain(result: Awaited<ReturnType<typeof sweep>>): string {
  const lines = result.missing.map(
    (route) => `${route}: no row in the authorization table; add its row to expected in ${__filename.split('/').pop()}`,
  );
  for (const m of result.mismatches) {
    lines.push(`${m.route}: expected ${JSON.stringify(m.expected)} but observed ${JSON.stringify(m.observed)}`);
  }
  return lines.join('\n');
}

describe('Authorization sweep', () => {
  test('When every route of the route table is called by every kind of caller, Then exactly the callers of its row get through', async () => {
    const result = await sweep(allRoutes, expected);
    expect(explain(result)).toBe('');
    // Every route of the table was swept (a row for a route that no longer exists is stale).
    const declared = new Set(allRoutes.map(keyOf));
    expect(Object.keys(expected).filter((key) => !declared.has(key))).toEqual([]);
  });

  test('When the table is read, Then no HQ write lets the read-only finance role through (sign-in aside)', () => {
    const hqWrites = allRoutes
      .filter((route) => route.method !== 'get' && route.path.startsWith('/api/admin/'))
      .map(keyOf)
      .filter((key) => key !== 'POST /api/admin/login');
    expect(hqWrites).toContain('POST /api/admin/members/:id/adjust');
    expect(hqWrites.filter((key) => expected[key]?.finance !== 'deny')).toEqual([]);
  });

  test('When a route is added without a row, Then the sweep fails and says to add its row', async () => {
    const result = await sweep([unprotectedTestRoute], expected);
    expect(result.missing).toEqual(['GET /api/stores/:storeId/test-only-unguarded-day']);
    expect(explain(result)).toContain(
      'GET /api/stores/:storeId/test-only-unguarded-day: no row in the authorization table; add its row',
    );
  });

  test('When an unprotected route is given the row a store route should have, Then the sweep shows who got in', async () => {
    const result = await sweep([unprotectedTestRoute], {
      'GET /api/stores/:storeId/test-only-unguarded-day': STORE_STAFF,
    });
    expect(result.mismatches).toEqual([
      {
        route: 'GET /api/stores/:storeId/test-only-unguarded-day',
        expected: STORE_STAFF,
        observed: PUBLIC,
      },
    ]);
  });
});
