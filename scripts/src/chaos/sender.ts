import { ulid } from 'ulid';
import type { Faults } from './faults';
import { call, type Reply, sleep } from './http';
import type { Instance } from './instance';
import type { Person } from './world';

/** Outcome counts of one kind of operation in one seed. */
export interface Tally {
  ok: number;
  refused: number;
  lost: number;
  resolved: number;
  unresolved: number;
}

export interface Request {
  kind: string;
  method?: 'GET' | 'POST' | 'PUT';
  path: string;
  body: unknown;
  token: string;
  /** The first attempt's timeout: a short one makes the client give up while the server works. */
  timeoutMs: number;
  person?: Person;
}

/** What an acknowledged answer implies for the model; runs once per operation. */
export type Apply = (reply: Reply) => void | Promise<void>;

interface Pending {
  request: Request;
  key: string;
  apply: Apply;
}

const acknowledged = (reply: Reply) => reply.status === 200 || reply.status === 201;
const retryable = (reply: Reply | undefined) =>
  !reply || reply.status >= 500 || reply.body?.error?.code === 'IDEMPOTENCY_REQUEST_IN_PROGRESS';

/**
 * Sends operations the way a client on a bad network does: a write keeps its Idempotency-Key
 * across every retry (timeouts, 5xx, a restarted instance, the other instance); an operation whose
 * answer never came back is asked again with the same key once the faults have stopped.
 */
export class Sender {
  retries = 0;
  private readonly pending: Pending[] = [];
  private turn = 0;
  readonly tallies: Record<string, Tally> = {};

  constructor(
    private readonly instances: Instance[],
    private readonly faults: Faults,
  ) {}

  tally(kind: string): Tally {
    this.tallies[kind] ??= { ok: 0, refused: 0, lost: 0, resolved: 0, unresolved: 0 };
    return this.tallies[kind];
  }

  private target(): string {
    const live = this.instances.filter((instance) => instance.child);
    return (live[this.turn++ % Math.max(live.length, 1)] ?? this.instances[0]).url;
  }

  private async attempts(
    request: Request,
    body: () => unknown,
    key: string | undefined,
    tries: number,
    withFaults: boolean,
  ): Promise<Reply | undefined> {
    let reply: Reply | undefined;
    for (let attempt = 0; attempt < tries; attempt++) {
      if (withFaults && attempt < 3) void this.faults.inject().catch(() => undefined);
      if (attempt > 0) {
        this.retries++;
        await sleep(100);
      }
      reply = await call(this.target(), request.method ?? 'POST', request.path, body(), {
        token: request.token,
        key,
        timeoutMs: attempt === 0 ? request.timeoutMs : 4000,
      }).catch(() => undefined);
      if (!retryable(reply)) return reply;
    }
    return undefined;
  }

  /** A write with an Idempotency-Key; `apply` runs when (and only when) it is acknowledged. */
  async idem(request: Request, apply: Apply): Promise<Reply | undefined> {
    const key = `chaos-${ulid()}`;
    const tally = this.tally(request.kind);
    const reply = await this.attempts(request, () => request.body, key, 12, true);
    if (!reply) {
      tally.lost++;
      this.pending.push({ request, key, apply });
      return undefined;
    }
    if (!acknowledged(reply)) {
      tally.refused++;
      return reply;
    }
    tally.ok++;
    await apply(reply);
    return reply;
  }

  /** A request without a key (sign-in, scan, phone binding, undo, job run): retried as is. */
  async plain(request: Omit<Request, 'body'> & { body: () => unknown }): Promise<Reply | undefined> {
    const tally = this.tally(request.kind);
    const reply = await this.attempts({ ...request, body: undefined }, request.body, undefined, 6, true);
    if (!reply) tally.lost++;
    else if (acknowledged(reply)) tally.ok++;
    else tally.refused++;
    return reply;
  }

  /** After the faults: every write whose answer was lost is sent again with its key. */
  async resolvePending(): Promise<void> {
    for (const { request, key, apply } of this.pending.splice(0)) {
      const tally = this.tally(request.kind);
      const reply = await this.attempts({ ...request, timeoutMs: 10_000 }, () => request.body, key, 6, false);
      if (!reply) {
        tally.unresolved++;
        if (request.person) request.person.unresolved++;
        continue;
      }
      tally.resolved++;
      if (acknowledged(reply)) await apply(reply);
    }
  }
}
