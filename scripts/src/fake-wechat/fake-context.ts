import type { FakeKeys } from './keys';
import type { FakeSettings, FakeState } from './state';

/** What every route of the fake shares. */
export interface FakeContext {
  appid: string;
  secret: string;
  mchid: string;
  keys: FakeKeys;
  state: FakeState;
  settings: FakeSettings;
  notifyRetryDelaysMs: number[];
  /** Delay before a refund settles by itself (unless refunds are held). */
  refundSettleDelayMs: number;
  log: (message: string) => void;
  /** setTimeout that `close()` cancels. */
  later: (delayMs: number, run: () => void) => void;
}

/** Login and phone codes live 5 minutes, as at WeChat. */
export const codeLifetimeMs = 5 * 60 * 1000;
export const accessTokenLifetimeMs = 7200 * 1000;
