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
   * changed" (earned/redeemed at a checkout) and "points expiring". Unset: that message is off.
   */
  WECHAT_TEMPLATE_POINTS_CHANGED: templateId.optional(),
  WECHAT_TEMPLATE_POINTS_EXPIRING: templateId.optional(),
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

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    reason: string,
  ) {
    super(`Invalid setting ${setting}: ${reason}`);
  }
}

/** Values the demo (`npm start`) may fall back on; never used in production mode. */
export const demoDefaults: Record<string, string> = {
  DATABASE_URL: 'sqlite:data/tongka-demo.sqlite',
  JWT_SECRET: 'demo-only-jwt-secret-change-me-please',
  DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
  ADMIN_USERNAME: 'admin',
  ADMIN_PASSWORD: 'tongka-demo',
  WECHAT_APPID: 'wxdemo0000000000001',
  WECHAT_SECRET: 'demo-secret',
  WECHAT_TEMPLATE_POINTS_CHANGED: 'tongka-demo-points-changed',
  WECHAT_TEMPLATE_POINTS_EXPIRING: 'tongka-demo-points-expiring',
  LOG_LEVEL: 'warn',
};

/** Reads and validates the environment; throws ConfigError naming the first bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, mode: ConfigMode = 'production'): Config {
  const source: Record<string, string | undefined> = { ...env };
  if (mode === 'demo') {
    for (const [name, value] of Object.entries(demoDefaults)) if (!source[name]) source[name] = value;
  }
  for (const name of Object.keys(source)) if (source[name] === '') delete source[name];
  const parsed = configSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const setting = String(issue.path[0] ?? 'environment');
    const reason = source[setting] === undefined ? 'is missing' : issue.message;
    throw new ConfigError(setting, reason);
  }
  return parsed.data;
}

/** Loads the config or exits the process with one line naming the bad setting. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env, mode: ConfigMode = 'production'): Config {
  try {
    return loadConfig(env, mode);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}
