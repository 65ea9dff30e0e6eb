import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * The one configuration object, read from the environment (names fixed by API.md).
 * Demo defaults apply only when `mode` is 'demo'; production mode refuses to start without them.
 */
const base64Key32 = z
  .string()
  .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded');

const databaseUrl = z
  .string()
  .regex(/^(mysql:\/\/[^\s]+|sqlite:.+)$/, 'must be mysql://user:pass@host:port/db or sqlite:path');

const templateId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be a WeChat template id (16-64 letters, digits, - or _)');

/** JOB_SCHEDULES: a JSON object of job name → cron pattern (5 or 6 fields) or "off". */
const jobSchedules = z.string().transform((value, ctx) => {
  try {
    const parsed = JSON.parse(value) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const entries = Object.entries(parsed as Record<string, unknown>);
      if (entries.every(([, pattern]) => typeof pattern === 'string' && pattern.trim().length > 0)) {
        return new Map(entries as Array<[string, string]>);
      }
    }
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'must be a JSON object of job name → cron pattern or "off"' });
  return z.NEVER;
});

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Bind address: all interfaces for `npm run bff` (behind a load balancer), loopback for the demo. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Rate limits shared across instances through this Redis when set; in process memory otherwise. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be redis://[user:pass@]host:port[/db] or rediss://...')
    .optional(),
  /** Prefix of the BFF's Redis keys (several deployments may share one Redis). */
  REDIS_KEY_PREFIX: z.string().min(1).max(64).default('tongka'),
  /**
   * How many proxies in front of the BFF append to X-Forwarded-For (0: the client is the socket's
   * peer). Per-client rate limits trust exactly that many hops, so a client cannot pick its own address.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  DATABASE_URL: databaseUrl,
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters'),
  DATA_KEY: base64Key32,
  ADMIN_USERNAME: z.string().min(1).optional(),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  CHAIN_TIME_ZONE: z.string().default('Asia/Shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The in-process job scheduler (croner): on unless 'false'. Each tick runs once across instances. */
  SCHEDULER_ENABLED: z.enum(['true', 'false']).default('true'),
  /** Overrides of the default job schedules (README "Scheduled jobs"), e.g. {"expire-points":"0 4 * * *","detect-risk":"off"}. */
  JOB_SCHEDULES: jobSchedules.optional(),
  WECHAT_APPID: z.string().min(1),
  WECHAT_SECRET: z.string().min(1),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  /**
   * Subscribe-message templates picked for this mini-program in the WeChat console: "points
   * changed" (earned/redeemed at a checkout), "points expiring" and "coupon received" (a batch
   * issue from HQ; fields thing1 name, thing2 value, date3 valid until, thing4 note). Unset: that
   * message is off.
   */
  WECHAT_TEMPLATE_POINTS_CHANGED: templateId.optional(),
  WECHAT_TEMPLATE_POINTS_EXPIRING: templateId.optional(),
  WECHAT_TEMPLATE_COUPON_RECEIVED: templateId.optional(),
  WECHATPAY_MCHID: z.string().min(1).optional(),
  WECHATPAY_SERIAL: z.string().min(1).optional(),
  WECHATPAY_PRIVATE_KEY: z.string().min(1).optional(),
  WECHATPAY_PUBLIC_KEY: z.string().min(1).optional(),
  WECHATPAY_PUBLIC_KEY_ID: z.string().min(1).optional(),
  WECHATPAY_APIV3_KEY: z.string().length(32, 'must be 32 characters').optional(),
  WECHATPAY_API_BASE: z.string().url().default('https://api.mch.weixin.qq.com'),
  WECHATPAY_NOTIFY_URL: z.string().url().optional(),
  WECHATPAY_CERT: z.string().min(1).optional(),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigMode = 'production' | 'demo';

export interface SettingProblem {
  setting: string;
  reason: string;
}

/** Every bad setting at once (one run tells the operator all of them), on one line. */
export class ConfigError extends Error {
  readonly problems: SettingProblem[];

  constructor(
    readonly setting: string,
    reason: string,
    more: SettingProblem[] = [],
  ) {
    const problems = [{ setting, reason }, ...more];
    super(
      problems.length === 1
        ? `Invalid setting ${setting}: ${reason}`
        : `Invalid settings: ${problems.map((p) => `${p.setting} ${p.reason}`).join('; ')}`,
    );
    this.problems = problems;
  }
}

/** Values the demo (`npm start`) may fall back on; never used in production mode. */
export const demoDefaults: Record<string, string> = {
  HOST: '127.0.0.1',
  DATABASE_URL: 'sqlite:data/tongka-demo.sqlite',
  JWT_SECRET: 'demo-only-jwt-secret-change-me-please',
  DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
  ADMIN_USERNAME: 'admin',
  ADMIN_PASSWORD: 'tongka-demo',
  WECHAT_APPID: 'wxdemo0000000000001',
  WECHAT_SECRET: 'demo-secret',
  WECHAT_TEMPLATE_POINTS_CHANGED: 'tongka-demo-points-changed',
  WECHAT_TEMPLATE_POINTS_EXPIRING: 'tongka-demo-points-expiring',
  WECHAT_TEMPLATE_COUPON_RECEIVED: 'tongka-demo-coupon-received',
  LOG_LEVEL: 'warn',
};

/** The demo's published secrets: fine for its own embedded file, never for a real database. */
export const DEMO_SECRETS = ['JWT_SECRET', 'DATA_KEY', 'ADMIN_PASSWORD'] as const;

/**
 * `npm start` against a MySQL/MariaDB server (DATABASE_URL set and not an SQLite file) must not
 * sign tokens, encrypt phones or create the first admin with values printed in the README.
 */
function refuseDemoSecretsOnRealDatabase(env: NodeJS.ProcessEnv): void {
  const url = env.DATABASE_URL;
  if (!url || url.startsWith('sqlite:')) return;
  const missing = DEMO_SECRETS.filter((name) => !env[name]);
  if (missing.length === 0) return;
  throw new ConfigError(
    missing[0],
    `is missing: the demo's published values are used only with its own SQLite file; with DATABASE_URL=${url.replace(/\/\/[^@/]*@/, '//***@')} set ${missing.join(', ')}`,
  );
}

/** Reads and validates the environment; throws ConfigError naming every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, mode: ConfigMode = 'production'): Config {
  const source: Record<string, string | undefined> = { ...env };
  if (mode === 'demo') {
    refuseDemoSecretsOnRealDatabase(env);
    for (const [name, value] of Object.entries(demoDefaults)) if (!source[name]) source[name] = value;
  }
  for (const name of Object.keys(source)) if (source[name] === '') delete source[name];
  const parsed = configSchema.safeParse(source);
  if (!parsed.success) {
    const problems = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const setting = String(issue.path[0] ?? 'environment');
      if (!problems.has(setting)) problems.set(setting, source[setting] === undefined ? 'is missing' : issue.message);
    }
    const [[setting, reason], ...more] = [...problems];
    throw new ConfigError(
      setting,
      reason,
      more.map(([name, why]) => ({ setting: name, reason: why })),
    );
  }
  return parsed.data;
}

/**
 * The CLI's mode: pointed at the demo's own SQLite file (the one `npm start` uses), it takes the
 * demo's settings for whatever is not set, so operating on the demo needs no other setting.
 * Anything else is a real database and needs real settings.
 */
export function cliConfigMode(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ConfigMode {
  const url = env.DATABASE_URL ?? '';
  if (!url.startsWith('sqlite:')) return 'production';
  const demoFile = resolve(cwd, demoDefaults.DATABASE_URL.slice('sqlite:'.length));
  return resolve(cwd, url.slice('sqlite:'.length)) === demoFile ? 'demo' : 'production';
}

/** The CLI's settings, or exit with one line naming every bad one and how to reach the demo instead. */
export function loadCliConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  const mode = cliConfigMode(env);
  try {
    return loadConfig(env, mode);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    if (mode === 'production') {
      process.stderr.write(
        `For the demo's database, set DATABASE_URL=${demoDefaults.DATABASE_URL} and the demo's settings apply.\n`,
      );
    }
    process.exit(78);
  }
}

/** Loads the config or exits the process with one line naming the bad settings. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env, mode: ConfigMode = 'production'): Config {
  try {
    return loadConfig(env, mode);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}
