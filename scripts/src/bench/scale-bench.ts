import { randomBytes } from 'node:crypto';
import { memberCodeAt } from '@tongka/shared-types';
import { issueAdminToken, issueMemberToken } from '../../../bff/src/auth/tokens';
import { execute, select } from '../../../bff/src/db/tx';
import { auditLedger } from '../../../bff/src/domain/ledger';
import { localDate } from '../../../bff/src/domain/shared/chain-time';
import { ulid } from '../../../bff/src/domain/shared/ulid';
import { expireAllDue } from '../../../bff/src/jobs/expire-points';
import { createBenchDatabase } from './bench-db';
import { latency, measureCalls as measure, random, round, timedSeconds } from './bench-measure';
import { startBffProcess } from './checkout-bff-process';
import type { BenchEnv } from './checkout-seed';
import { measureDbSettings } from './db-settings';
import { getJson, postJson } from './http-client';
import { cloneId, cloneMemberCodeId, cloneTemplate, dropCloneHelpers } from './scale-clone';
import { environmentOf, writeResults } from './scale-report';
import { seedTemplate, type Template, type TemplateMember } from './scale-seed';

export interface ScaleBenchOptions {
  /** The largest chain, in ledger transfers; the smaller sizes are 15 k and 100 k below it. */
  transfers: number;
  sizes?: number[];
  stores: number;
  membersPerStore: number;
  outDir: string;
  /** Keep the database afterwards (its name is printed). */
  keep?: boolean;
  /** After the last size, compare server settings there (measureDbSettings). */
  dbSettings?: boolean;
  /** Leave expiry out (a settings comparison does not need it). */
  skipExpiry?: boolean;
  log: (line: string) => void;
}

/** The sizes measured: 15 k, 100 k and the target, each below the target. */
export function sizesFor(transfers: number): number[] {
  return [...new Set([15_000, 100_000, transfers].filter((n) => n <= transfers))].sort((a, b) => a - b);
}

export async function runScaleBench(options: ScaleBenchOptions): Promise<{ file: string; table: string; result: any }> {
  const started = Date.now();
  const db = await createBenchDatabase('scale', 4);
  const { dataSource } = db;
  const url = new URL(db.url);
  const env: BenchEnv = {
    dataSource,
    jwtSecret: `bench-jwt-${Date.now()}-0123456789`,
    dataKey: Buffer.alloc(32, 11).toString('base64'),
  };
  const bff = await startBffProcess({
    DATABASE_URL: url.toString(),
    JWT_SECRET: env.jwtSecret,
    DATA_KEY: env.dataKey,
    WECHAT_APPID: 'wxbench000000000001',
    WECHAT_SECRET: 'bench-secret',
  });
  try {
    const seeded = await timedSeconds(() =>
      seedTemplate(env, bff.url, {
        stores: options.stores,
        membersPerStore: options.membersPerStore,
        log: options.log,
      }),
    );
    const template = seeded.value;
    // Member codes are random over 8 digits: at 1 M transfers a template member holds one of the
    // clones' [90 M, 100 M) about one run in four. Such a member moves 10 M down (its code changes;
    // nothing measured reads a template member's code).
    await execute(
      dataSource.manager,
      'UPDATE members SET member_code_id = member_code_id - 10000000 WHERE member_code_id >= 90000000',
    );
    const templateAudit = await auditLedger(dataSource);
    if (!templateAudit.balanced) throw new Error('the template ledger does not balance');
    const templateTransfers = await count(env, 'ledger_transfers');
    options.log(`template: ${templateTransfers} transfers in ${seeded.seconds} s, ledger balanced`);
    const adminToken = await insertAdmin(env);
    const sizes = [];
    let copies = 0;
    for (const target of options.sizes ?? sizesFor(options.transfers)) {
      // The template is copy 0; measured checkouts and expiry add their own transfers on top.
      const more = Math.max(0, Math.ceil(target / templateTransfers) - 1 - copies);
      const cloned = await timedSeconds(async () => {
        if (more === 0) return;
        await cloneTemplate({
          url: url.toString(),
          memberIds: template.members.map((m) => m.memberId),
          fromCopy: copies + 1,
          toCopy: copies + more,
          log: options.log,
        });
      });
      copies += more;
      options.log(`size ${target}: ${copies} copies of the template (+${more} in ${cloned.seconds} s)`);
      sizes.push({
        target,
        cloneSeconds: cloned.seconds,
        ...(await measureSize({
          env,
          bffUrl: bff.url,
          template,
          copies,
          adminToken,
          skipExpiry: options.skipExpiry,
          log: options.log,
        })),
      });
    }
    const dbSettings = options.dbSettings
      ? await measureDbSettings({ env, url: url.toString(), bffUrl: bff.url, template, copies, log: options.log })
      : undefined;
    await dropCloneHelpers(url.toString());
    const result = {
      bench: 'scale',
      generatedAt: new Date().toISOString(),
      environment: await environmentOf(env),
      template: {
        stores: template.stores.length,
        members: template.members.length,
        checkouts: template.checkouts,
        refunds: template.refunds,
        refused: template.failures,
        transfers: templateTransfers,
        seedSeconds: seeded.seconds,
      },
      sizes,
      dbSettings,
      totalSeconds: round((Date.now() - started) / 1000, 0),
      notes: NOTES,
    };
    const { file, table } = writeResults(options.outDir, result);
    return { file, table, result };
  } finally {
    await bff.stop();
    if (options.keep) options.log(`kept database ${db.name}`);
    await db.close({ keep: options.keep });
  }
}

const NOTES = [
  'Template: stores and members made through the real use cases (legacy import with opening points and stored value, member codes over HTTP, purchases at the home store and another store with points and stored value, refunds), then cloned in bulk (scripts/src/bench/scale-clone.ts) with the shared store accounts moved by copies x the template, so the audit balances at every size.',
  'Member reads (/api/me, ledger, scan, checkout) are sequential requests to the BFF process over HTTP, each for a different clone member spread over all copies; "/api/me at 4" is the throughput with 4 concurrent requests.',
  "Day view: GET /api/stores/:id/checkouts for today at the busiest store (the clones keep the template day, so it holds copies x that store's checkouts); paging it is not on this branch.",
  'Settlement: GET /api/admin/settlements for the month, JSON and CSV, time to the last byte (both stream).',
  'Summary report: no reports route on this branch; not measured.',
  'Expiry: expireAllDue (the expire-points job without its lease, batches of 5,000 lots written set-based, two in flight) with asOf two years ahead, in the bench process, over the lots open at that size (earlier sizes already expired theirs).',
  'Audit: auditLedger in full (every transfer summed; it also writes the checkpoint) before the measured requests, and incremental (the transfers since that checkpoint: the measured checkouts and the expiry, plus one pass over the accounts) after them; both must balance. The bench sets settleMs 0 (the watermark at the newest transfer) since nothing else writes meanwhile.',
];

async function count(env: BenchEnv, table: string): Promise<number> {
  const [row] = await select<{ n: number }>(env.dataSource.manager, `SELECT COUNT(*) AS n FROM ${table}`);
  return Number(row.n);
}

async function insertAdmin(env: BenchEnv): Promise<string> {
  const id = ulid();
  await execute(
    env.dataSource.manager,
    'INSERT INTO admins (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)',
    [id, 'bench-admin', 'not-a-real-hash', new Date()],
  );
  return issueAdminToken(env.jwtSecret, id, 'bench-admin');
}

/** Distinct clone members spread over all copies (copy 1 … copies), with what requests need. */
function cloneMembers(template: Template, copies: number, howMany: number, seed: number) {
  const rnd = random(seed);
  const picked = new Set<string>();
  const members = [];
  while (members.length < Math.min(howMany, template.members.length * copies)) {
    const member: TemplateMember = template.members[Math.floor(rnd() * template.members.length)];
    const copy = 1 + Math.floor(rnd() * copies);
    const id = cloneId(member.memberId, copy);
    if (picked.has(id)) continue;
    picked.add(id);
    members.push({
      id,
      memberCodeId: cloneMemberCodeId(template.members.length, copy, member.index),
      secret: member.secret,
    });
  }
  return members;
}

async function measureSize(input: {
  env: BenchEnv;
  bffUrl: string;
  template: Template;
  copies: number;
  adminToken: string;
  skipExpiry?: boolean;
  log: (line: string) => void;
}) {
  const { env, bffUrl, template, copies, adminToken, log } = input;
  const chain = {
    transfers: await count(env, 'ledger_transfers'),
    members: await count(env, 'members'),
    lots: await count(env, 'ledger_lots'),
    checkouts: await count(env, 'checkouts'),
    settlementLines: await count(env, 'settlement_lines'),
  };
  log(`  chain: ${JSON.stringify(chain)}`);
  // No writer runs during the bench's audits: the checkpoint's watermark can sit at the newest transfer.
  const audit = await timedSeconds(() => auditLedger(env.dataSource, { scope: 'full', settleMs: 0 }));
  if (!audit.value.balanced) throw new Error(`the ledger does not balance at ${chain.transfers} transfers`);
  log(`  full audit ${audit.seconds} s, balanced`);
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const readers = cloneMembers(template, copies, 400, chain.transfers).map((m) => ({
    ...m,
    token: issueMemberToken(env.jwtSecret, m.id),
  }));
  const ok = async (path: string, token: string) => (await getJson(bffUrl + path, auth(token))).status === 200;
  await measure(50, 1, (i) => ok('/api/me', readers[i % readers.length].token)); // warm-up
  const me = await measure(300, 1, (i) => ok('/api/me', readers[i % readers.length].token));
  const meAt4 = await measure(400, 4, (i) => ok('/api/me', readers[i % readers.length].token));
  const ledger = await measure(200, 1, (i) => ok('/api/me/ledger?asset=POINTS', readers[i % readers.length].token));
  log(`  /api/me p50 ${me.p50Ms} p99 ${me.p99Ms} ms; at 4: ${meAt4.perSecond}/s; ledger p50 ${ledger.p50Ms} ms`);
  const store = template.stores[0];
  const scanned: string[] = [];
  const shoppers = cloneMembers(template, copies, 100, chain.transfers + 1);
  // The next step's code (accepted): the clones carry the template's scans, so on a small chain
  // seeded seconds ago the current step's codes are already used.
  const scan = await measure(100, 1, async (i) => {
    const shopper = shoppers[i % shoppers.length];
    const res = await postJson(`${bffUrl}/api/stores/${store.storeId}/scan`, auth(store.staffToken), {
      code: memberCodeAt(shopper.memberCodeId, shopper.secret, Date.now() + 30_000),
    });
    scanned[i] = res.body?.scanId;
    return res.status === 200;
  });
  const checkout = await measure(100, 1, async (i) => {
    const res = await postJson(
      `${bffUrl}/api/stores/${store.storeId}/checkouts`,
      { ...auth(store.staffToken), 'idempotency-key': randomBytes(12).toString('hex') },
      { scanId: scanned[i], orderRef: `S-${randomBytes(8).toString('hex')}`, amountFen: 12_300 },
    );
    return res.status === 201;
  });
  log(
    `  scan p50 ${scan.p50Ms} ms (${scan.errors} errors); checkout p50 ${checkout.p50Ms} ms (${checkout.errors} errors)`,
  );
  const dayView = await dayViewOf(bffUrl, store.staffToken, store.storeId);
  const settlement = await settlementOf(bffUrl, adminToken);
  log(
    `  day view ${dayView.p50Ms} ms (${dayView.items} items); settlement json ${settlement.json.seconds} s csv ${settlement.csv.seconds} s`,
  );
  // The template's lots stay open (later copies are made from it): pushed out of reach meanwhile.
  const shift = (sign: '+' | '-') =>
    execute(
      env.dataSource.manager,
      `UPDATE ledger_lots l JOIN bench_tpl_lots t ON t.id = l.id
          SET l.expires_at = DATE_ADD(l.expires_at, INTERVAL ${sign}100 YEAR) WHERE l.expires_at IS NOT NULL`,
    );
  const asOf = new Date(Date.now() + 2 * 366 * 86_400_000);
  await shift('+');
  const expiry = input.skipExpiry
    ? { value: 0, seconds: 0 }
    : await timedSeconds(() => expireAllDue(env.dataSource, asOf));
  await shift('-');
  const expired = {
    lots: expiry.value,
    seconds: expiry.seconds,
    lotsPerSecond: expiry.seconds > 0 ? round(expiry.value / expiry.seconds, 0) : 0,
  };
  log(`  expiry ${expired.lots} lots in ${expired.seconds} s (${expired.lotsPerSecond}/s)`);
  const sinceCheckpoint = (await count(env, 'ledger_transfers')) - chain.transfers;
  const incremental = await timedSeconds(() => auditLedger(env.dataSource, { scope: 'incremental', settleMs: 0 }));
  if (!incremental.value.balanced || incremental.value.scope !== 'incremental') {
    throw new Error(`the incremental audit does not balance at ${chain.transfers} transfers`);
  }
  log(`  incremental audit ${incremental.seconds} s over ${sinceCheckpoint} new transfers, balanced`);
  return {
    chain,
    audit: { seconds: audit.seconds, balanced: audit.value.balanced },
    incrementalAudit: { seconds: incremental.seconds, transfersSinceCheckpoint: sinceCheckpoint },
    me,
    meAtConcurrency4: { perSecond: meAt4.perSecond, p50Ms: meAt4.p50Ms, p99Ms: meAt4.p99Ms },
    memberLedger: ledger,
    scan,
    checkout,
    dayView,
    settlement,
    summaryReport: null,
    expiry: expired,
  };
}

async function dayViewOf(bffUrl: string, token: string, storeId: string) {
  const samples: number[] = [];
  let items = 0;
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const res = await fetch(
      `${bffUrl}/api/stores/${storeId}/checkouts?date=${localDate(new Date(), 'Asia/Shanghai')}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    const text = await res.text();
    samples.push(performance.now() - t0);
    bytes = text.length;
    items = res.ok ? (JSON.parse(text).items?.length ?? 0) : -res.status;
  }
  return { ...latency(samples, 0), items, bytes };
}

async function settlementOf(bffUrl: string, token: string) {
  const today = localDate(new Date(), 'Asia/Shanghai');
  const once = async (format: string) => {
    const t0 = performance.now();
    const res = await fetch(`${bffUrl}/api/admin/settlements?from=${today.slice(0, 8)}01&to=${today}${format}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await res.text();
    return { seconds: round((performance.now() - t0) / 1000, 3), status: res.status, bytes: text.length };
  };
  await once('');
  return { json: await once(''), csv: await once('&format=csv') };
}
