import { timingSafeEqual } from 'node:crypto';
import { approvalCodeAtStep, approvalCodeStep, base64UrlToBytes } from '@tongka/shared-types';
import { execute, isUniqueViolation, type Tx } from '../../db/tx';
import { readMemberCodeSecret } from '../member-code/member-code-secret';
import { AppError } from '../shared/app-error';
import type { DataCrypto } from '../shared/data-crypto';
import { countTry, lockedAt, lockedError, lockoutRowForUpdate } from './approval-lockout';

/** The current step and one either side are accepted (clock drift between the phone and the BFF). */
export const APPROVAL_CODE_SKEW_STEPS = 1;

const sameDigits = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The step whose code matches, or null; every candidate is computed and compared (constant time). */
export function matchingApprovalStep(secretBase64Url: string, code: string, nowMs: number): number | null {
  const secret = base64UrlToBytes(secretBase64Url);
  const current = approvalCodeStep(nowMs);
  let matched: number | null = null;
  for (let offset = -APPROVAL_CODE_SKEW_STEPS; offset <= APPROVAL_CODE_SKEW_STEPS; offset++) {
    if (sameDigits(approvalCodeAtStep(secret, current + offset), code) && matched === null) matched = current + offset;
  }
  return matched;
}

export type CodeVerdict =
  | { kind: 'ok' }
  | { kind: 'locked'; until: Date }
  | { kind: 'wrong'; left: number }
  | { kind: 'used' };

/**
 * Checks the card's one-time approval code inside the caller's transaction, with the member's
 * lock-out row locked (parallel guesses count one after another). A right code burns its step
 * for the member (the primary key refuses the same step twice, so one code approves once); a
 * replayed step is refused without counting (it was the member's own code). A wrong code counts
 * toward the lock-out shared with the payment PIN. The caller commits the verdict before
 * throwing the refusal (`codeRefusal`), so a refusal does not roll its own count back.
 */
export async function judgeApprovalCode(
  tx: Tx,
  crypto: DataCrypto,
  input: { memberId: string; code: string; now: Date },
): Promise<CodeVerdict> {
  const { memberId, now } = input;
  const row = await lockoutRowForUpdate(tx, memberId, now);
  const until = lockedAt(row, now);
  if (until) return { kind: 'locked', until };
  const secret = await readMemberCodeSecret(tx, crypto, memberId);
  // A member whose card never fetched a secret has no code: any code is wrong.
  const step = secret ? matchingApprovalStep(secret, input.code, now.getTime()) : null;
  if (step === null) return countTry(tx, memberId, row, false, now);
  try {
    await execute(tx, 'INSERT INTO member_approval_code_uses (member_id, step, used_at) VALUES (?, ?, ?)', [
      memberId,
      step,
      now,
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) return { kind: 'used' };
    throw error;
  }
  // Steps older than the accepted window can never match again.
  await execute(tx, 'DELETE FROM member_approval_code_uses WHERE member_id = ? AND step < ?', [
    memberId,
    approvalCodeStep(now.getTime()) - APPROVAL_CODE_SKEW_STEPS - 1,
  ]);
  return countTry(tx, memberId, row, true, now);
}

export function codeRefusal(verdict: Exclude<CodeVerdict, { kind: 'ok' }>): AppError {
  if (verdict.kind === 'locked') return lockedError(verdict.until);
  if (verdict.kind === 'used') {
    return new AppError(
      'APPROVAL_CODE_USED',
      'This approval code was used already; wait for the next one on the card.',
    );
  }
  return new AppError('APPROVAL_CODE_INCORRECT', 'The approval code is not correct.', { attemptsLeft: verdict.left });
}
