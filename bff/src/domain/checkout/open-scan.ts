import { parseMemberCode, type ScanResponse } from '@tongka/shared-types';
import { ulid } from 'ulid';
import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { readMemberCodeSecretVersion } from '../member-code/member-code-secret';
import { checkMemberCode } from '../member-code/verify-member-code';
import { ruleInForce } from '../rules/rule-store';
import { AppError } from '../shared/app-error';
import type { DataCrypto } from '../shared/data-crypto';
import { type MemberRow, memberSnapshot, readMember } from './member-snapshot';

/** A scan is good for any number of checkouts at its store for 10 minutes (API.md). */
export const SCAN_TTL_MS = 10 * 60 * 1000;

export interface OpenScanInput {
  storeId: string;
  staffMemberId: string;
  code: string;
  now: Date;
}

/**
 * POST /api/stores/:storeId/scan: verify the member code, record the scan (one per code: the
 * unique (member_code_id, step) key, in this transaction), answer the cashier's sheet.
 */
export async function openScan(tx: Tx, crypto: DataCrypto, input: OpenScanInput): Promise<ScanResponse> {
  const parsed = parseMemberCode(input.code.trim());
  if (!parsed) throw new AppError('INVALID_CODE', 'This is not a Tongka member code.');
  const member = await memberByCodeId(tx, parsed.memberCodeId);
  const secret = member && (await readMemberCodeSecretVersion(tx, crypto, member.id));
  if (!member || !secret) throw new AppError('INVALID_CODE', 'This member code is not valid.');
  const check = checkMemberCode(parsed, secret.secret, input.now.getTime());
  if (check.kind === 'expired')
    throw new AppError('CODE_EXPIRED', 'This member code has expired; ask for a fresh one.');
  if (check.kind === 'invalid') throw new AppError('INVALID_CODE', 'This member code is not valid.');
  assertScannable(member);
  const scanId = ulid();
  const expiresAt = new Date(input.now.getTime() + SCAN_TTL_MS);
  try {
    await execute(
      tx,
      'INSERT INTO scans (id, store_id, member_id, staff_member_id, member_code_id, secret_version, code_step, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        scanId,
        input.storeId,
        member.id,
        input.staffMemberId,
        parsed.memberCodeId,
        secret.version,
        check.step,
        input.now,
        expiresAt,
      ],
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError('CODE_ALREADY_USED', 'This member code was already scanned; ask for a fresh one.');
  }
  const redeem = (await ruleInForce(tx, 'redeem')).rule;
  const redeemRule = {
    pointsPerYuan: redeem.pointsPerYuan,
    maxShareOfOrder: redeem.maxShareOfOrder,
    minPointsPerUse: redeem.minPointsPerUse ?? null,
  };
  return {
    scanId,
    expiresAt: expiresAt.toISOString(),
    member: { ...(await memberSnapshot(tx, member, crypto)), redeemRule },
  };
}

async function memberByCodeId(db: Tx, memberCodeId: number): Promise<MemberRow | null> {
  const [row] = await select<{ id: string }>(db, 'SELECT id FROM members WHERE member_code_id = ?', [memberCodeId]);
  return row ? readMember(db, row.id) : null;
}

/** Merged and deleted cards cannot be served; blocked members can (they pay cash, see checkout). */
function assertScannable(member: MemberRow): void {
  if (member.status === 'merged') {
    throw new AppError('MEMBER_MERGED', 'This card was merged into another; ask the member to reopen the app.');
  }
  if (member.status !== 'active') throw new AppError('MEMBER_NOT_FOUND', 'This member no longer exists.');
}
