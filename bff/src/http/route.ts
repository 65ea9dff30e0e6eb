import type { Context } from 'koa';
import type { z } from 'zod';
import type { Tx } from '../db/tx';
import type { AppDeps } from '../deps';
import type { RatePolicyName } from '../rate-limits';
import type { AuthContext, RouteAuth } from './auth-context';

export type Method = 'get' | 'post' | 'put' | 'delete';

export interface HandlerInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  auth: AuthContext;
  deps: AppDeps;
  /** Present on idempotent routes: the transaction the Idempotency-Key row commits in. */
  tx: Tx | undefined;
  /** Raw Koa context, for the rare route that streams bytes or reads raw headers. */
  ctx: Context;
}

export interface RouteSpec<B = unknown, Q = unknown, P = unknown> {
  method: Method;
  /** Koa-style path, e.g. /api/stores/:storeId/scan */
  path: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  /** The write takes an Idempotency-Key and runs inside the transaction that stores its answer. */
  idempotent?: boolean;
  body?: z.ZodType<B, z.ZodTypeDef, unknown>;
  query?: z.ZodType<Q, z.ZodTypeDef, unknown>;
  params?: z.ZodType<P, z.ZodTypeDef, unknown>;
  /** Success status (default 200) and its response schema, for OpenAPI. */
  status?: number;
  response?: z.ZodTypeAny;
  /** Non-JSON response content type (e.g. image/jpeg) for OpenAPI. */
  produces?: string;
  /** A second content type the JSON route answers with when asked (e.g. text/csv for ?format=csv). */
  alsoProduces?: string;
  /** The body of a refusal when it is not the usual {error:{code,message}} (a protocol callback). */
  errorBody?: z.ZodTypeAny;
  /**
   * Rate limits taken before the handler runs, after authorisation and validation: the named
   * policy and the key it counts (the client address, the member, ...). Over the limit: 429
   * RATE_LIMITED with Retry-After, and the handler does not run.
   */
  rateLimit?: (
    input: Pick<HandlerInput<B, Q, P>, 'auth' | 'body' | 'params' | 'ctx'>,
  ) => Array<[RatePolicyName, string]>;
  handle(input: HandlerInput<B, Q, P>): Promise<unknown>;
  /**
   * Runs after the handler's writes committed, never on a replayed answer: background work that
   * must see the committed rows (e.g. driving the job that works through what the handler recorded).
   */
  afterCommit?(input: Pick<HandlerInput<B, Q, P>, 'deps'>): void;
}

/** Identity function that keeps the generic types of a route definition. */
export function defineRoute<B = undefined, Q = undefined, P = undefined>(spec: RouteSpec<B, Q, P>): RouteSpec<B, Q, P> {
  return spec;
}

export type AnyRoute = RouteSpec<any, any, any>;

/**
 * What a handler returns to answer with another status than the route's own (e.g. a 501 whose
 * effects must still commit with the Idempotency-Key); stored and replayed like any answer.
 */
export class StatusAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}
