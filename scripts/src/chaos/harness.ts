import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { createDataSource, runMigrations } from '../../../bff/src/db/data-source';
import { inTransaction } from '../../../bff/src/db/tx';
import { createAdmin } from '../../../bff/src/domain/admins/create-admin';
import { startFakeWechat } from '../fake-wechat';
import { bffSettingsFor } from '../fake-wechat/bff-settings';
import { checkWorld } from './checks';
import { Faults } from './faults';
import { call, sleep } from './http';
import { Instance } from './instance';
import { startNotifyRelay } from './notify-relay';
import { mix } from './ops';
import { Rng } from './rng';
import { Sender, type Tally } from './sender';
import { liveUrl, type Person, setUpWorld, type World } from './world';

/**
 * One seed of the fault harness: two BFF processes on one fresh MariaDB database and the fake
 * WeChat server; concurrent clients draw a seeded mix of operations (ops/) while connections are
 * KILLed mid-transaction, one instance is SIGKILLed and restarted, notifications are duplicated,
 * delayed or lost, and clients time out and retry with the same Idempotency-Key. Then the ledger
 * audit and the model check (checks.ts).
 */

export interface SeedResult {
  seed: number;
  ops: number;
  acknowledged: number;
  refused: number;
  lost: number;
  resolved: number;
  unchecked: number;
  people: number;
  retries: number;
  kills: number;
  restarts: number;
  notifications: Record<string, number>;
  kinds: Record<string, Tally>;
  violations: string[];
  ms: number;
}

export interface SeedOptions {
  members?: number;
  opsPerClient?: number;
  clients?: number;
  serverUrl?: string;
  env?: Record<string, string>;
  /** Only these kinds of operation (default: the whole mix). */
  kinds?: string[];
  /** First-attempt client timeouts to draw from (default: mostly patient, some 5 and 20 ms). */
  timeoutsMs?: number[];
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
  const fake = await startFakeWechat({
    keysDir: join(process.cwd(), '.keys', 'chaos-fake-wechat'),
    notifyRetryDelaysMs: [100, 300, 800],
  });
  const instances: Instance[] = [];
  const relay = await startNotifyRelay(() => instances.find((instance) => instance.child)?.url);
  const env = {
    PORT: '0',
    DATABASE_URL: dbUrl.toString(),
    JWT_SECRET: 'chaos-jwt-secret-0123456789abcdef',
    DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    ...bffSettingsFor(fake),
    WECHATPAY_NOTIFY_URL: relay.url,
    WECHAT_TEMPLATE_POINTS_CHANGED: 'chaos-points-changed',
    WECHAT_TEMPLATE_POINTS_EXPIRING: 'chaos-points-expiring',
    ...options.env,
  };
  instances.push(new Instance(env), new Instance(env));
  const result: SeedResult = {
    seed,
    ops: 0,
    acknowledged: 0,
    refused: 0,
    lost: 0,
    resolved: 0,
    unchecked: 0,
    people: 0,
    retries: 0,
    kills: 0,
    restarts: 0,
    notifications: {},
    kinds: {},
    violations: [],
    ms: 0,
  };
  const faults = new Faults(seed, admin, name, instances, result);
  const send = new Sender(instances, faults);
  try {
    await Promise.all(instances.map((instance) => instance.start()));
    const username = `chaos-${seed}`;
    const password = `pw-${randomBytes(6).toString('hex')}`;
    await inTransaction(dataSource, (tx) =>
      createAdmin(tx, { username, password, now: new Date(), actor: { type: 'system', id: 'chaos' } }),
    );
    const login = await call(instances[0].url, 'POST', '/api/admin/login', { username, password });
    const world = await setUpWorld(
      {
        seed,
        admin: login.body.token,
        fake,
        relay,
        instances,
        dataSource,
        acked: { claims: 0, exchanges: 0, topupsPaid: 0 },
        notifications: {},
      },
      options.members ?? 4,
    );
    const clients = options.clients ?? 4;
    const perClient = options.opsPerClient ?? 10;
    const shares: Person[][] = Array.from({ length: clients }, (_, client) =>
      world.persons.filter((person) => person.index % clients === client),
    );
    const kinds = options.kinds ? mix.filter((kind) => options.kinds?.includes(kind.name)) : mix;
    const runClient = async (client: number) => {
      const rng = new Rng(seed * 1000 + client + 1);
      const own = shares[client].length > 0 ? shares[client] : world.persons;
      for (let n = 0; n < perClient; n++) {
        const kind = rng.weighted(kinds);
        const person = rng.pick(own);
        const timeoutMs = rng.pick(options.timeoutsMs ?? [5, 20, 2000, 2000, 2000]);
        result.ops++;
        await kind
          .run({
            world,
            person,
            rng,
            send,
            timeoutMs,
            adopt: (newcomer) => {
              world.persons.push(newcomer);
              own.push(newcomer);
            },
          })
          .catch((error: Error) => result.violations.push(`${kind.name}: ${error.message}`));
      }
    };
    await Promise.all(shares.map((_, client) => runClient(client)));
    await faults.stop();
    await send.resolvePending();
    await settleNotifications(world);
    const reconcile = await call(
      liveUrl(instances),
      'POST',
      '/api/admin/jobs/reconcile-payments/run',
      { asOf: new Date(Date.now() + 6 * 60_000).toISOString() },
      { token: world.admin, timeoutMs: 30_000 },
    );
    if (reconcile.status !== 200) result.violations.push(`final reconcile: ${reconcile.status}`);
    const checked = await checkWorld(world);
    result.violations.push(...checked.violations);
    result.unchecked = checked.unchecked;
    result.people = world.persons.length;
    result.notifications = world.notifications;
  } catch (error) {
    result.violations.push(`harness: ${(error as Error).message}`);
  } finally {
    await faults.stop().catch(() => undefined);
    for (const instance of instances) instance.kill();
    await relay.close();
    await fake.close();
    await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``).catch(() => undefined);
    await admin.end();
    result.kinds = send.tallies;
    result.retries = send.retries;
    for (const tally of Object.values(send.tallies)) {
      result.acknowledged += tally.ok;
      result.refused += tally.refused;
      result.lost += tally.lost;
      result.resolved += tally.resolved;
    }
    result.ms = Date.now() - started;
  }
  return result;
}

/** Waits (bounded) until the fake has delivered or given up on every notification. */
async function settleNotifications(world: World): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (world.fake.state.notifications.some((record) => record.state === 'pending') && Date.now() < deadline) {
    await sleep(50);
  }
}

export function formatSeed(result: SeedResult): string {
  const verdict = result.violations.length === 0 ? 'ok' : `VIOLATION (replay: npm run chaos -- --seed ${result.seed})`;
  const notes = Object.entries(result.notifications)
    .map(([way, count]) => `${way}=${count}`)
    .join(',');
  return `seed ${result.seed}: ${verdict} ops=${result.ops} acked=${result.acknowledged} refused=${result.refused} lost=${result.lost} resolved=${result.resolved} unchecked=${result.unchecked} people=${result.people} retries=${result.retries} kills=${result.kills} restarts=${result.restarts} paid-topups[${notes}] ${result.ms}ms${result.violations.map((v) => `\n  ${v}`).join('')}`;
}
