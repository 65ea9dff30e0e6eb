import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { issueMemberToken } from '../../bff/src/auth/tokens';
import { execute, inTransaction, type Tx } from '../../bff/src/db/tx';
import { auditLedger, type LedgerAudit } from '../../bff/src/domain/ledger';
import { insertAdminToken, insertStore } from './rows';

let storeSeq = 0;

/** A store row, inserted directly (store management is another module); names are numbered. */
export function createStore(dataSource: DataSource, name = 'Store'): Promise<string> {
  storeSeq += 1;
  return insertStore(dataSource, { name: `${name} ${storeSeq}` });
}

/** An active member on the base tier, inserted directly (sign-up is Identity's). */
export async function createMember(dataSource: DataSource): Promise<string> {
  const id = ulid();
  const now = new Date();
  await execute(
    dataSource.manager,
    `INSERT INTO members (id, member_code_id, status, earn_blocked, spend_blocked, tier, referral_code, created_at, updated_at)
     VALUES (?, ?, 'active', 0, 0, 'basic', ?, ?, ?)`,
    [id, randomInt(10_000_000, 99_999_999), `R${id.slice(-10)}`, now, now],
  );
  return id;
}

export async function createMemberWithToken(
  dataSource: DataSource,
  jwtSecret: string,
): Promise<{ memberId: string; token: string }> {
  const memberId = await createMember(dataSource);
  return { memberId, token: issueMemberToken(jwtSecret, memberId) };
}

export function createAdminToken(dataSource: DataSource, jwtSecret: string): Promise<string> {
  return insertAdminToken(dataSource, jwtSecret);
}

/** Runs ledger calls in one transaction, the way a use case does. */
export function inLedgerTx<T>(dataSource: DataSource, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(dataSource, work);
}

/** Throws with the audit's findings when the ledger is not consistent. */
export async function expectBalancedLedger(dataSource: DataSource): Promise<LedgerAudit> {
  const audit = await auditLedger(dataSource);
  if (!audit.balanced) throw new Error(`ledger audit failed: ${JSON.stringify(audit, null, 2)}`);
  return audit;
}

let keySeq = 0;
/** A fresh idempotency key. */
export const newKey = (prefix = 'k') => `${prefix}-${Date.now().toString(36)}-${++keySeq}`;
