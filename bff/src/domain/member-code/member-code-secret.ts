import { randomBytes } from 'node:crypto';
import type { MemberCodeSecretResponse } from '@tongka/shared-types';
import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import type { DataCrypto } from '../shared/data-crypto';

interface SecretRow {
  secret_enc: string;
  version: number;
}

/** 32 random bytes, base64url: what the app feeds to memberCodeAt (shared-types/member-code.ts). */
function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function answer(memberCodeId: number, secret: string): MemberCodeSecretResponse {
  return { memberCodeId, secret, algorithm: 'TOTP-SHA256', digits: 8, period: 30, prefix: '66' };
}

async function memberCodeIdOf(db: Tx, memberId: string): Promise<number> {
  const [member] = await select<{ member_code_id: number }>(db, 'SELECT member_code_id FROM members WHERE id = ?', [
    memberId,
  ]);
  if (!member) throw new AppError('MEMBER_NOT_FOUND', 'No such member.');
  return Number(member.member_code_id);
}

/** The member's secret in clear and its version, or null when none was ever issued. Stored encrypted with DATA_KEY. */
export async function readMemberCodeSecretVersion(
  db: Tx,
  crypto: DataCrypto,
  memberId: string,
): Promise<{ secret: string; version: number } | null> {
  const [row] = await select<SecretRow>(db, 'SELECT secret_enc, version FROM member_code_secrets WHERE member_id = ?', [
    memberId,
  ]);
  return row ? { secret: crypto.decrypt(row.secret_enc), version: Number(row.version) } : null;
}

export async function readMemberCodeSecret(db: Tx, crypto: DataCrypto, memberId: string): Promise<string | null> {
  return (await readMemberCodeSecretVersion(db, crypto, memberId))?.secret ?? null;
}

/** GET /api/me/member-code-secret: the secret, created on first fetch (a racing second fetch reads the winner's). */
export async function getMemberCodeSecret(
  tx: Tx,
  crypto: DataCrypto,
  memberId: string,
  now: Date,
): Promise<MemberCodeSecretResponse> {
  const memberCodeId = await memberCodeIdOf(tx, memberId);
  const existing = await readMemberCodeSecret(tx, crypto, memberId);
  if (existing) return answer(memberCodeId, existing);
  const secret = newSecret();
  try {
    await execute(
      tx,
      'INSERT INTO member_code_secrets (member_id, secret_enc, version, created_at, rotated_at) VALUES (?, ?, 1, ?, ?)',
      [memberId, crypto.encrypt(secret), now, now],
    );
    return answer(memberCodeId, secret);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The racing fetch committed its secret first (the insert waited for it): answer with that one.
    const winner = await readMemberCodeSecret(tx, crypto, memberId);
    if (!winner) throw error;
    return answer(memberCodeId, winner);
  }
}

/** POST /api/me/member-code-secret/rotate: a new secret; codes from the old one stop verifying at once. */
export async function rotateMemberCodeSecret(
  tx: Tx,
  crypto: DataCrypto,
  memberId: string,
  now: Date,
): Promise<MemberCodeSecretResponse> {
  const memberCodeId = await memberCodeIdOf(tx, memberId);
  const secret = newSecret();
  const updated = await execute(
    tx,
    'UPDATE member_code_secrets SET secret_enc = ?, version = version + 1, rotated_at = ? WHERE member_id = ?',
    [crypto.encrypt(secret), now, memberId],
  );
  if (updated === 0) {
    await execute(
      tx,
      'INSERT INTO member_code_secrets (member_id, secret_enc, version, created_at, rotated_at) VALUES (?, ?, 1, ?, ?)',
      [memberId, crypto.encrypt(secret), now, now],
    );
  }
  return answer(memberCodeId, secret);
}
