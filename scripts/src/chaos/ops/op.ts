import type { Rng } from '../rng';
import type { Sender } from '../sender';
import type { Person, World } from '../world';

/** One kind of operation in the seeded mix: it draws its parameters, sends, and tells the model. */
export interface OpContext {
  world: World;
  person: Person;
  rng: Rng;
  send: Sender;
  /** The first attempt's client timeout (short ones give up while the server still works). */
  timeoutMs: number;
  /** Adds a person (a referral sign-up) to the calling client's share. */
  adopt(person: Person): void;
}

export interface OpKind {
  name: string;
  weight: number;
  run(ctx: OpContext): Promise<void>;
}
