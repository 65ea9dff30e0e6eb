import { type Clock, systemClock } from '../shared/clock';

/**
 * The clock the ledger stamps its bookkeeping columns with (created_at of accounts, operation rows
 * and lots), set at start-up from the app's injected clock (startup.ts). Movements themselves are
 * recorded at the instant their caller passes (`at`), never at one read here.
 */
let clock: Clock = systemClock;

export function setLedgerClock(next: Clock): void {
  clock = next;
}

export function ledgerNow(): Date {
  return clock.now();
}
