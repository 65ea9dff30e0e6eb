import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import { createConnection } from 'mysql2/promise';
import { ulid } from 'ulid';
import { createDataSource, runMigrations } from '../../../bff/src/db/data-source';
import { inTransaction } from '../../../bff/src/db/tx';
import { createAdmin } from '../../../bff/src/domain/admins/create-admin';
import { startFakeWechat } from '../fake-wechat';

/**
 * One seed of the fault harness: two BFF processes on one fresh MariaDB database and the fake
 * WeChat server, concurrent clients sending value-moving writes with Idempotency-Keys, while
 * connections are KILLed mid-transaction, one instance is SIGKILLed and restarted, and clients
 * time out and retry with the same key. Then the ledger audit and a model check per member.
 */

export interface SeedResult {
  seed: number;
  ops: number;
  acknowledged: number;
  lost: number;
  retries: number;
  kills: number;
  restarts: number;
  violations: string[];
  ms: number;
}

export interface SeedOptions {
  members?: number;
  opsPerClient?: number;
  clients?: number;
  serverUrl?: string;
  env?: Record<string, string>;
}

interface Op {
  memberIndex: number;
  asset: 'POINTS' | 'CNY';
  amount: number;
  timeoutMs: number;
}

// The built BFF (dist/bff/src/main.js) whether this file runs built or from source (tests).
const bffMain = __filename.endsWith('.ts')
  ? join(__dirname, '..', '..', '..', 'dist', 'bff', 'src', 'main.js')
  : join(__dirname, '..', '..', '..', 'bff', 'src', 'main.js');

class Instance {
  child: ChildProcess | undefined;
  url = '';
  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, [bffMain], {
      env: { ...process.env, ...this.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        const match = /"url":"(http:[^"]+)"/.exec(out);
        if (match) resolve(match[1]);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`BFF exited (${code}) before listening: ${out.slice(-400)}`)));
    });
  }

  kill(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}

export async function runSeed(seed: number, options: SeedOptions = {}): Promise<SeedResult> {
  const started = Date.now();
  const server = options.serverUrl ?? process.env.CHAOS_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306/';
  const name = `tk_chaos_${seed}_${randomBytes(3).toString('hex')}`;
  const admin = await createConnection(server);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const dbUrl = new URL(server);
  dbUrl.pathname = `/${name}`;
  const dataSource = createDataSource(dbUrl.toString());
  await dataSource.initialize();
  await runMigrations(dataSource);
  const fake = await startFakeWechat({ keysDir: join(process.cwd(), '.keys', 'chaos-fake-wechat') });
  const env = {
    PORT: '0',
    DATABASE_URL: dbUrl.toString(),
    JWT_SECRET: 'chaos-jwt-secret-0123456789abcdef',
    DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    WECHAT_APPID: fake.appid,
    WECHAT_SECRET: fake.secret,
    WECHAT_API_BASE: fake.url,
    WECHAT_TEMPLATE_POINTS_CHANGED: 'chaos-points-changed',
    WECHAT_TEMPLATE_POINTS_EXPIRING: 'chaos-points-expiring',
    ...options.env,
  };
  const instances = [new Instance(env), new Instance(env)];
  const result: SeedResult = {
    seed,
    ops: 0,
    acknowledged: 0,
    lost: 0,
    retries: 0,
    kills: 0,
    restarts: 0,
    violations: [],
    ms: 0,
  };
  try {
    await Promise.all(instances.map((instance) => instance.start()));
    const username = `chaos-${seed}`;
    const password = `pw-${randomBytes(6).toString('hex')}`;
    await inTransaction(dataSource, (tx) =>
      createAdmin(tx, { username, password, now: new Date(), actor: { type: 'system', id: 'chaos' } }),
    );
    const login = await call(instances[0].url, 'POST', '/api/admin/login', { username, password });
    const token = (login.body as { token: string }).token;
    const members: Array<{ id: string; token: string }> = [];
    for (let i = 0; i < (options.members ?? 4); i++) {
      const code = fake.issueLoginCode(`o-chaos-${seed}-${i}`);
      const answer = await call(instances[i % 2].url, 'POST', '/api/auth/wechat-login', { code });
      const body = answer.body as { token: string; member: { id: string } };
      members.push({ id: body.member.id, token: body.token });
    }

    const opArb = fc.record({
      memberIndex: fc.integer({ min: 0, max: members.length - 1 }),
      asset: fc.constantFrom('POINTS' as const, 'CNY' as const),
      amount: fc.oneof(fc.integer({ min: 1, max: 500 }), fc.integer({ min: -300, max: -1 })),
      timeoutMs: fc.constantFrom(5, 20, 2000, 2000, 2000),
    });
    const clients = options.clients ?? 4;
    const perClient = options.opsPerClient ?? 10;
    const plans = fc.sample(fc.array(opArb, { minLength: perClient, maxLength: perClient }), {
      seed,
      numRuns: clients,
    });
    const faults = fc.sample(fc.integer({ min: 0, max: 99 }), { seed: seed + 1, numRuns: clients * perClient * 2 });
    let faultIndex = 0;
    const nextFault = () => faults[faultIndex++ % faults.length];

    // Per member: sum of acknowledged deltas; and the deltas whose answer was lost for good.
    const acked = members.map(() => ({ POINTS: 0, CNY: 0 }));
    const unknown = members.map(() => ({ POINTS: [] as number[], CNY: [] as number[] }));
    let restarting: Promise<void> | undefined;

    const injectFault = async () => {
      const roll = nextFault();
      if (roll < 8) {
        const [rows] = await admin.query(
          `SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID() ORDER BY ID`,
          [name],
        );
        const ids = (rows as Array<{ id: number }>).map((row) => row.id);
        if (ids.length > 0) {
          await admin.query(`KILL ${Number(ids[roll % ids.length])}`).catch(() => undefined);
          result.kills++;
        }
      } else if (roll < 10 && !restarting && result.restarts < 1) {
        const victim = instances[roll % 2];
        victim.kill();
        result.restarts++;
        // A restart can itself meet a KILLed connection: try again until it listens.
        const restart = async () => {
          for (let tries = 0; tries < 5; tries++) {
            if (
              await victim.start().then(
                () => true,
                () => false,
              )
            )
              return;
          }
        };
        restarting = restart().finally(() => {
          restarting = undefined;
        });
      }
    };

    const runClient = async (plan: Op[], clientIndex: number) => {
      for (const op of plan) {
        result.ops++;
        const member = members[op.memberIndex];
        const key = `chaos-${seed}-${clientIndex}-${ulid()}`;
        const body = { asset: op.asset, amount: op.amount, reason: 'chaos' };
        let outcome: 'ok' | 'refused' | 'lost' = 'lost';
        for (let attempt = 0; attempt < 12; attempt++) {
          if (attempt < 3) void injectFault();
          if (attempt > 0) result.retries++;
          const live = instances.filter((instance) => instance.child);
          const target = live[(clientIndex + attempt) % Math.max(live.length, 1)] ?? instances[0];
          const answer = await call(target.url, 'POST', `/api/admin/members/${member.id}/adjust`, body, {
            token,
            key,
            timeoutMs: attempt === 0 ? op.timeoutMs : 4000,
          }).catch(() => undefined);
          if (!answer) {
            await sleep(100);
            continue;
          }
          if (answer.status === 200) outcome = 'ok';
          else if (answer.status >= 400 && answer.status < 500 && answer.status !== 409) outcome = 'refused';
          else {
            await sleep(100);
            continue;
          }
          break;
        }
        if (outcome === 'ok') {
          result.acknowledged++;
          acked[op.memberIndex][op.asset] += op.amount;
        } else if (outcome === 'lost') {
          result.lost++;
          unknown[op.memberIndex][op.asset].push(op.amount);
        }
      }
    };
    await Promise.all(plans.map((plan, index) => runClient(plan, index)));
    await restarting;

    const live = instances.find((instance) => instance.child) ?? instances[0];
    const audit = await call(live.url, 'GET', '/api/admin/ledger/audit', undefined, { token });
    const auditBody = audit.body as { balanced?: boolean; mismatchedAccounts?: unknown[] };
    if (audit.status !== 200 || !auditBody.balanced || (auditBody.mismatchedAccounts ?? []).length > 0) {
      result.violations.push(`ledger audit: ${JSON.stringify(audit.body).slice(0, 300)}`);
    }
    for (const [index, member] of members.entries()) {
      const me = await call(live.url, 'GET', '/api/me', undefined, { token: member.token });
      const body = me.body as { points: number; storedValueFen: number };
      for (const [asset, actual] of [
        ['POINTS', body.points],
        ['CNY', body.storedValueFen],
      ] as const) {
        const extra = actual - acked[index][asset];
        if (!subsetSums(unknown[index][asset]).has(extra)) {
          result.violations.push(
            `member ${index} ${asset}: balance ${actual}, acknowledged ${acked[index][asset]}, lost answers ${JSON.stringify(unknown[index][asset])}`,
          );
        }
      }
    }
  } catch (error) {
    result.violations.push(`harness: ${(error as Error).message}`);
  } finally {
    for (const instance of instances) instance.kill();
    await fake.close();
    await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``).catch(() => undefined);
    await admin.end();
    result.ms = Date.now() - started;
  }
  return result;
}

/** Every sum of a subset (an operation whose answer was lost happened wholly or not at all). */
function subsetSums(values: number[]): Set<number> {
  let sums = new Set([0]);
  for (const value of values.slice(0, 16)) sums = new Set([...sums, ...[...sums].map((sum) => sum + value)]);
  return sums;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string; key?: string; timeoutMs?: number } = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.key) headers['idempotency-key'] = options.key;
  const response = await fetch(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export function formatSeed(result: SeedResult): string {
  const verdict = result.violations.length === 0 ? 'ok' : `VIOLATION (replay: npm run chaos -- --seed ${result.seed})`;
  return `seed ${result.seed}: ${verdict} ops=${result.ops} acked=${result.acknowledged} lost=${result.lost} retries=${result.retries} kills=${result.kills} restarts=${result.restarts} ${result.ms}ms${result.violations.map((v) => `\n  ${v}`).join('')}`;
}
