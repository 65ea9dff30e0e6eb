import type { Connection } from 'mysql2/promise';
import type { Instance } from './instance';
import { Rng } from './rng';

export interface FaultCounts {
  kills: number;
  restarts: number;
}

/**
 * The faults thrown in before a request: KILL of a random database connection of the seed's
 * database (mid-transaction as often as not), and at most one SIGKILL of a BFF instance per seed,
 * started again (it retries while its own start meets a KILLed connection).
 */
export class Faults {
  private readonly rng: Rng;
  private restarting: Promise<void> | undefined;
  stopped = false;

  constructor(
    seed: number,
    private readonly admin: Connection,
    private readonly database: string,
    private readonly instances: Instance[],
    readonly counts: FaultCounts,
  ) {
    this.rng = new Rng(seed * 7919 + 1);
  }

  async inject(): Promise<void> {
    if (this.stopped) return;
    const roll = this.rng.int(0, 99);
    if (roll < 8) {
      const [rows] = await this.admin.query(
        'SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID() ORDER BY ID',
        [this.database],
      );
      const ids = (rows as Array<{ id: number }>).map((row) => row.id);
      if (ids.length > 0) {
        await this.admin.query(`KILL ${Number(ids[roll % ids.length])}`).catch(() => undefined);
        this.counts.kills++;
      }
    } else if (roll < 10 && !this.restarting && this.counts.restarts < 1) {
      const victim = this.instances[roll % 2];
      victim.kill();
      this.counts.restarts++;
      const restart = async () => {
        for (let tries = 0; tries < 8; tries++)
          if (
            await victim.start().then(
              () => true,
              () => false,
            )
          )
            return;
      };
      this.restarting = restart().finally(() => {
        this.restarting = undefined;
      });
    }
  }

  /** No more faults; resolves once a restart under way has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.restarting;
  }
}
