import fc from 'fast-check';
import { ulid } from 'ulid';
import type { FakeWechat } from '../../scripts/src/fake-wechat';
import { bffSettingsFor } from '../../scripts/src/fake-wechat/bff-settings';
import { mutate, type Operation, operationsOf, ResponseValidator, type Schema, valid } from '../support/fuzz-openapi';
import {
  bootBffWithFakeWechat,
  createAdminToken,
  createStore,
  makeStaff,
  signInMember,
  startTestFakeWechat,
} from '../support/identity-fixtures';
import type { TestBff } from '../support/test-bff';

/**
 * Every operation of the served /openapi.json, called by four roles with seeded hostile input:
 * the answer is a documented 2xx or a 4xx `{error:{code,message}}`, never a 5xx, always matching
 * the document, and a rejected request leaves the value tables byte-for-byte unchanged.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 24);
const VALUE_TABLES = [
  'ledger_accounts',
  'ledger_transfers',
  'ledger_lots',
  'ledger_lot_portions',
  'ledger_pending_earns',
  'ledger_operations',
  'checkouts',
  'checkout_refunds',
  'earn_daily_totals',
  'pay_orders',
  'pay_refunds',
  'referral_rebates',
  'settlement_lines',
];

let bff: TestBff;
let fake: FakeWechat;
const tokens: Record<string, string | undefined> = { anonymous: undefined };
const ids: Record<string, string> = {};

beforeAll(async () => {
  // WeChat Pay configured too, so the pay routes answer rather than say PAY_NOT_CONFIGURED.
  fake = await startTestFakeWechat();
  ({ bff } = await bootBffWithFakeWechat({ fake, config: bffSettingsFor(fake) }));
  bff.config.WECHATPAY_NOTIFY_URL = `${bff.url}/api/pay/notify`;
  const store = await createStore(bff, { code: 'FZ1', name: '模糊测试店' });
  const foreign = await createStore(bff, { code: 'FZ2', name: '别家店' });
  const member = await signInMember(bff, fake, { openid: 'fuzz-member' });
  const clerk = await signInMember(bff, fake, { openid: 'fuzz-clerk' });
  await makeStaff(bff, { memberId: clerk.memberId, storeId: store.id, role: 'clerk' });
  const relogin = await signInMember(bff, fake, { openid: 'fuzz-clerk' });
  Object.assign(tokens, { member: member.token, clerk: relogin.token, admin: await createAdminToken(bff) });
  Object.assign(ids, {
    store: store.id,
    foreignStore: foreign.id,
    member: member.memberId,
    clerk: clerk.memberId,
    code: member.member.referralCode,
  });
}, 60_000);
afterAll(async () => {
  await fake?.close();
  await bff?.close();
});

async function valueChecksum(): Promise<string> {
  const present: Array<{ t: string }> = await bff.db.dataSource.query(
    'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE()',
  );
  const names = new Set(present.map((row) => row.t));
  const tables = VALUE_TABLES.filter((t) => names.has(t));
  const rows: Array<{ Table: string; Checksum: string | number | null }> = await bff.db.dataSource.query(
    `CHECKSUM TABLE ${tables.join(', ')}`,
  );
  return rows.map((row) => `${row.Table}=${row.Checksum}`).join(' ');
}

interface FuzzCase {
  role: string;
  pathIds: string[];
  query: Record<string, unknown>;
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string } | { kind: 'none' };
  idempotencyKey: string | undefined;
}

const pathId = fc.oneof(
  fc.constantFrom('store', 'foreignStore', 'member', 'clerk', 'code').map((k) => ids[k] ?? k),
  fc.constant(null).map(() => ulid()),
  fc.constantFrom('0', '-1', '1.5', '99999999999999999999', 'x'.repeat(300), '%00', '%E2%80%AE', 'null', '__proto__'),
  fc.constantFrom('checkout-expiry', 'settlement', 'nope'),
);

function caseFor(operation: Operation): fc.Arbitrary<FuzzCase> {
  const params: Schema[] = operation.op.parameters ?? [];
  const pathCount = params.filter((p) => p.in === 'path').length;
  const queryShape = Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, valid(p.schema)]));
  const bodySchema = operation.op.requestBody?.content?.['application/json']?.schema;
  const goodBody = valid(bodySchema);
  const body = bodySchema
    ? fc.oneof(
        { weight: 2, arbitrary: goodBody.map((value) => ({ kind: 'json' as const, value })) },
        { weight: 5, arbitrary: goodBody.chain(mutate).map((value) => ({ kind: 'json' as const, value })) },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('raw' as const),
            text: fc.constantFrom('{"a":', '[1,2', 'null', '"x"', '{"__proto__":{"admin":true}}', '\u0000'),
            contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
          }),
        },
      )
    : fc.constant({ kind: 'none' as const });
  return fc.record({
    role: fc.constantFrom('anonymous', 'member', 'clerk', 'admin'),
    pathIds: fc.array(pathId, { minLength: pathCount, maxLength: pathCount }),
    query: fc
      .oneof(fc.record(queryShape, { requiredKeys: [] }), queryShape ? mutate({ ...queryShape }) : fc.constant({}))
      .map((q) => (q && typeof q === 'object' && !Array.isArray(q) ? (q as Record<string, unknown>) : {})),
    body,
    idempotencyKey: fc.option(fc.constantFrom('fz-1', 'fz-2', '', 'k'.repeat(100)), { nil: undefined }),
  });
}

function urlFor(operation: Operation, c: FuzzCase): string {
  let i = 0;
  const path = operation.path.replace(/\{\w+\}/g, () => encodeURIComponent(c.pathIds[i++] ?? ''));
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(c.query)) {
    if (v !== undefined) search.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(operation: Operation, c: FuzzCase) {
  const headers: Record<string, string> = {};
  const token = tokens[c.role];
  if (token) headers.authorization = `Bearer ${token}`;
  if (c.idempotencyKey !== undefined) {
    // fetch refuses control characters in headers, so the hostile key is an over-long one.
    headers['idempotency-key'] = c.idempotencyKey.length > 0 ? `${c.idempotencyKey}-${ulid()}` : '';
  }
  let body: string | undefined;
  if (c.body.kind === 'json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(c.body.value) ?? 'null';
  } else if (c.body.kind === 'raw') {
    headers['content-type'] = c.body.contentType;
    body = c.body.text;
  }
  const response = await fetch(bff.url + urlFor(operation, c), { method: operation.method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // keep text
  }
  return { status: response.status, contentType: response.headers.get('content-type'), body: parsed };
}

describe('fuzzing every operation of /openapi.json', () => {
  test('When every operation gets seeded hostile requests from four roles, Then each answer is documented, never a 5xx, and rejections write no value', async () => {
    const doc = (await bff.api.get('/openapi.json')).body as Schema;
    const validator = new ResponseValidator();
    // Irreversible self-service operations go last so the member token stays useful until then.
    const operations = operationsOf(doc).sort(
      (a, b) => Number(a.path === '/api/me/delete') - Number(b.path === '/api/me/delete'),
    );
    const failures: string[] = [];
    let requests = 0;
    let checksum = await valueChecksum();
    for (const [index, operation] of operations.entries()) {
      const cases = fc.sample(caseFor(operation), { seed: SEED + index, numRuns: RUNS_PER_OPERATION });
      for (const c of cases) {
        const answer = await send(operation, c);
        requests++;
        const where = `${operation.method} ${urlFor(operation, c).slice(0, 120)} as ${c.role}`;
        if (answer.status >= 500) failures.push(`${where}: ${answer.status} ${JSON.stringify(answer.body)}`);
        const mismatch = validator.check(operation, answer.status, answer.contentType, answer.body);
        if (mismatch) failures.push(`${where}: ${mismatch}`);
        const after = await valueChecksum();
        if (answer.status >= 300 && after !== checksum)
          failures.push(`${where}: ${answer.status} changed value tables`);
        checksum = after;
      }
    }
    console.log(
      `fuzz: ${requests} requests over ${operations.length} operations (seed ${SEED}), ${failures.length} failures`,
    );
    expect([...new Set(failures)].slice(0, 40)).toEqual([]);
  }, 240_000);
});
