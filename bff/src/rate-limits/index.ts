import { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../domain/shared/app-error';
import { type RatePolicy, type RatePolicyName, ratePolicies } from './policies';

export { type RatePolicy, type RatePolicyName, ratePolicies } from './policies';

/**
 * Rate limits by named policy: counted in Redis when REDIS_URL is set (so every BFF instance
 * sees the same counts), in process memory otherwise (one instance, the demo, tests).
 */
export interface RateLimits {
  /** Takes points for `key`, or throws 429 RATE_LIMITED (details.retryAfterSeconds). */
  take(policy: RatePolicyName, key: string, points?: number): Promise<void>;
  /** Gives taken points back (the guarded check succeeded). */
  giveBack(policy: RatePolicyName, key: string, points?: number): Promise<void>;
  /** Forgets the key (e.g. a successful sign-in clears its failures). */
  reset(policy: RatePolicyName, key: string): Promise<void>;
  close(): Promise<void>;
}

export interface RateLimitOptions {
  redisUrl?: string;
  /** Prefix of every Redis key (one per deployment; tests use one per run). */
  keyPrefix: string;
  /** Policy overrides (tests shorten windows). */
  policies?: Partial<Record<RatePolicyName, RatePolicy>>;
}

export function createRateLimits(options: RateLimitOptions): RateLimits {
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { enableOfflineQueue: true, maxRetriesPerRequest: 2 })
    : null;
  const limiters = new Map<RatePolicyName, RateLimiterAbstract>();
  for (const name of Object.keys(ratePolicies) as RatePolicyName[]) {
    const policy: RatePolicy = options.policies?.[name] ?? ratePolicies[name];
    const common = {
      keyPrefix: `${options.keyPrefix}:${name}`,
      points: policy.points,
      duration: policy.durationSeconds,
      blockDuration: policy.blockSeconds ?? 0,
    };
    limiters.set(name, redis ? new RateLimiterRedis({ ...common, storeClient: redis }) : new RateLimiterMemory(common));
  }
  const limiter = (name: RatePolicyName) => limiters.get(name) as RateLimiterAbstract;
  return {
    async take(name, key, points = 1) {
      try {
        await limiter(name).consume(key, points);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw rateLimited(name, rejection);
      }
    },
    async giveBack(name, key, points = 1) {
      await limiter(name).reward(key, points);
    },
    async reset(name, key) {
      await limiter(name).delete(key);
    },
    async close() {
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function rateLimited(name: RatePolicyName, rejection: RateLimiterRes): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  return new AppError('RATE_LIMITED', `Too many ${ratePolicies[name].what}; try again in ${retryAfterSeconds} s.`, {
    policy: name,
    retryAfterSeconds,
  });
}
