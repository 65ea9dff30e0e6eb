import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createConnection } from 'mysql2/promise';
import { issueAdminToken, issueMemberToken } from '../../../bff/src/auth/tokens';
import { createDataSource, runMigrations } from '../../../bff/src/db/data-source';
import { execute, inTransaction, select } from '../../../bff/src/db/tx';
import { startCouponIssue } from '../../../bff/src/domain/coupons/issue-coupons';
import { auditLedger } from '../../../bff/src/domain/ledger';
import { ulid } from '../../../bff/src/domain/shared/ulid';
import { runJob } from '../../../bff/src/jobs';
import { startBff } from '../../../bff/src/server';
import { loadConfig } from '../../../config';

interface ClaimRound {
  claims: number;
  stock: number;
  succeeded: number;
  outOfStock: number;
  other: number;
  seconds: number;
  claimsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  couponsInDatabase: number;
  exactlyStock: boolean;
}

/**
 * `npm run bench -- coupons`: in a throwaway database on the server of DATABASE_URL, with the BFF
 * in this process over HTTP: N members claim one template at once (stock ≥ N: claims/s and p99;
 * stock N/4: exactly the stock is given out), then a batch issue to every member of a 100,000-member
 * chain (target < 60 s). Writes bench/results/coupons-<time>.json.
 */
export function registerCouponsBench(bench: Command): void {
  bench
    .command('coupons')
    .description(
      '200 concurrent claims on one template (claims/s, p99, exactly-stock check) and a batch issue of 100,000',
    )
    .option('--claims <n>', 'concurrent claims', '200')
    .option('--issue-members <n>', 'members for the batch issue', '100000')
    .option('--out <dir>', 'where to write the JSON', 'bench/results')
    .action(async (opts: { claims: string; issueMembers: string; out: string }) => {
      const result = await runCouponsBench({ claims: Number(opts.claims), issueMembers: Number(opts.issueMembers) });
      mkdirSync(opts.out, { recursive: true });
      const file = join(opts.out, `coupons-${String(result.at).replace(/[:.]/g, '-')}.json`);
      writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
      process.stdout.write(`${JSON.stringify(result, null, 2)}\nwritten to ${file}\n`);
      process.exit(0);
    });
}

export async function runCouponsBench(options: {
  claims: number;
  issueMembers: number;
}): Promise<Record<string, unknown>> {
  const server = new URL(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test');
  const name = `tk_bench_coupons_${Date.now().toString(36)}`;
  server.pathname = '/';
  const admin = await createConnection(server.toString());
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: url.toString(),
      JWT_SECRET: 'bench-jwt-secret-0123456789abcdef',
      DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
      WECHAT_APPID: 'wxbench000000000001',
      WECHAT_SECRET: 'bench-secret',
      LOG_LEVEL: 'silent',
    },
    'production',
  );
  const dataSource = createDataSource(config.DATABASE_URL, { poolSize: 20 });
  await dataSource.initialize();
  await runMigrations(dataSource);
  const bff = await startBff({ config, dataSource });
  try {
    const adminId = ulid();
    await execute(
      dataSource.manager,
      'INSERT INTO admins (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)',
      [adminId, 'bench', 'x', new Date()],
    );
    const adminToken = issueAdminToken(config.JWT_SECRET, adminId, 'bench');
    const claimants = await insertMembers(dataSource, options.claims);
    const tokens = claimants.map((id) => issueMemberToken(config.JWT_SECRET, id));
    // The floor on this machine at this moment: the same members read their card at once (one
    // indexed read each, no lock), so claims/s can be read against what the HTTP path alone gives.
    await readRound(bff.url, tokens); // warm-up: connections, prepared statements
    const floor = await readRound(bff.url, tokens);
    const plenty = await claimRound(bff.url, adminToken, tokens, options.claims, dataSource);
    const scarce = await claimRound(
      bff.url,
      adminToken,
      tokens,
      Math.max(1, Math.floor(options.claims / 4)),
      dataSource,
    );
    await insertMembers(dataSource, options.issueMembers - options.claims);
    const issue = await issueAll(bff.deps, adminId);
    const audit = await auditLedger(dataSource);
    return {
      bench: 'coupons',
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30) },
      floor: { route: 'GET /api/me', ...floor },
      claims: { plenty, scarce },
      batchIssue: { ...issue, targetSeconds: 60, withinTarget: issue.seconds < 60 },
      ledgerBalanced: audit.balanced,
    };
  } finally {
    await bff.close();
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  }
}

async function insertMembers(dataSource: ReturnType<typeof createDataSource>, count: number): Promise<string[]> {
  const ids: string[] = [];
  const now = new Date();
  const [row] = await select<{ n: number | string | null }>(
    dataSource.manager,
    'SELECT MAX(member_code_id) AS n FROM members',
  );
  let code = Number(row?.n ?? 10_000_000) + 1;
  for (let done = 0; done < count; done += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, count - done) }, () => ulid());
    ids.push(...batch);
    await execute(
      dataSource.manager,
      `INSERT INTO members (id, member_code_id, status, earn_blocked, spend_blocked, tier, referral_code, created_at, updated_at)
       VALUES ${batch.map(() => "(?, ?, 'active', 0, 0, 'basic', ?, ?, ?)").join(', ')}`,
      batch.flatMap((id) => [id, code++, id.slice(-10), now, now]),
    );
  }
  return ids;
}

async function claimRound(
  baseUrl: string,
  adminToken: string,
  tokens: string[],
  stock: number,
  dataSource: ReturnType<typeof createDataSource>,
): Promise<ClaimRound> {
  const template = await post(baseUrl, '/api/admin/coupon-templates', adminToken, {
    name: `bench ${stock}`,
    type: 'AMOUNT_OFF',
    thresholdFen: 0,
    valueFen: 100,
    validDays: 7,
    stock,
    perMemberLimit: 1,
    claimable: true,
  });
  const templateId = (template.body as { id: string }).id;
  const startedAt = performance.now();
  const answers = await Promise.all(
    tokens.map(async (token) => {
      const t0 = performance.now();
      const res = await post(baseUrl, '/api/coupons/claim', token, { templateId }, ulid());
      return {
        status: res.status,
        code: (res.body as { error?: { code?: string } })?.error?.code,
        ms: performance.now() - t0,
      };
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  const latencies = answers.map((a) => a.ms).sort((a, b) => a - b);
  const pick = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]);
  const [count] = await select<{ n: number | string }>(
    dataSource.manager,
    'SELECT COUNT(*) AS n FROM coupons WHERE template_id = ?',
    [templateId],
  );
  const succeeded = answers.filter((a) => a.status === 200).length;
  const expected = Math.min(stock, tokens.length);
  return {
    claims: tokens.length,
    stock,
    succeeded,
    outOfStock: answers.filter((a) => a.code === 'COUPON_OUT_OF_STOCK').length,
    other: answers.filter((a) => a.status !== 200 && a.code !== 'COUPON_OUT_OF_STOCK').length,
    seconds: Math.round(seconds * 1000) / 1000,
    claimsPerSecond: Math.round(tokens.length / seconds),
    p50Ms: pick(0.5),
    p99Ms: pick(0.99),
    couponsInDatabase: Number(count.n),
    exactlyStock: succeeded === expected && Number(count.n) === expected,
  };
}

async function readRound(baseUrl: string, tokens: string[]) {
  const startedAt = performance.now();
  const latencies = await Promise.all(
    tokens.map(async (token) => {
      const t0 = performance.now();
      await (await fetch(`${baseUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } })).text();
      return performance.now() - t0;
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: tokens.length,
    requestsPerSecond: Math.round(tokens.length / seconds),
    p99Ms: Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(0.99 * latencies.length) - 1)]),
  };
}

async function issueAll(deps: Awaited<ReturnType<typeof startBff>>['deps'], adminId: string) {
  const now = new Date();
  const templateId = ulid();
  await execute(
    deps.dataSource.manager,
    `INSERT INTO coupon_templates (id, name, type, threshold_fen, value_fen, valid_days, issued, claimable, stackable, funded_by,
       status, created_by, created_at, updated_at) VALUES (?, 'bench issue', 'AMOUNT_OFF', 0, 100, 30, 0, 0, 0, 'HQ', 'active', ?, ?, ?)`,
    [templateId, adminId, now, now],
  );
  const issue = await inTransaction(deps.dataSource, (tx) =>
    startCouponIssue(tx, { templateId, target: { all: true }, adminId, now }),
  );
  const startedAt = performance.now();
  await runJob(deps, 'issue-coupons', {
    onProgress: (done, total) => {
      if (done % 10_000 === 0) process.stderr.write(`issued to ${done} of ${total ?? '?'} members\n`);
    },
  });
  const seconds = (performance.now() - startedAt) / 1000;
  const [count] = await select<{ n: number | string }>(
    deps.dataSource.manager,
    'SELECT COUNT(*) AS n FROM coupons WHERE template_id = ?',
    [templateId],
  );
  return {
    members: issue.total,
    couponsIssued: Number(count.n),
    seconds: Math.round(seconds * 100) / 100,
    couponsPerSecond: Math.round(Number(count.n) / seconds),
  };
}

async function post(baseUrl: string, path: string, token: string, body: unknown, idempotencyKey?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const res = await fetch(baseUrl + path, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as unknown };
}
