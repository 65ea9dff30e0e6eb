import type { MemberApproval, PosMemberApproval } from '@tongka/shared-types';
import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { SCAN_TTL_MS, scanSheet, scanTarget } from '../checkout/open-scan';
import { normalizePhone, phoneIndexOf } from '../members/phone';
import { AppError } from '../shared/app-error';
import type { DataCrypto } from '../shared/data-crypto';
import { ulid } from '../shared/ulid';
import { type ApprovalRow, approvalAtStore, statusAt, toApproval } from './approval-row';
import { insertApproval } from './request-approval';

/**
 * A POS looks a member up by phone number: nothing about the member is answered, only a request
 * the member approves on their phone (same card sheet as a large deduction). Until then the POS
 * cannot tell a member who declined from one who is not looking.
 */
export async function requestPhoneLookup(
  tx: Tx,
  crypto: DataCrypto,
  input: { storeId: string; keyId: string; phone: string; now: Date },
): Promise<MemberApproval> {
  const phoneIndex = phoneIndexOf(crypto, normalizePhone(input.phone));
  const [member] = await select<{ id: string }>(
    tx,
    "SELECT id FROM members WHERE phone_index = ? AND status = 'active'",
    [phoneIndex],
  );
  if (!member) throw new AppError('MEMBER_NOT_FOUND', 'No member has bound this phone number.');
  const row = await insertApproval(tx, {
    kind: 'phone-lookup',
    storeId: input.storeId,
    memberId: member.id,
    requestedBy: input.keyId,
    scanId: null,
    amountFen: 0,
    points: 0,
    storedValueFen: 0,
    now: input.now,
  });
  return toApproval(row, input.now);
}

/**
 * The scan an approved phone lookup stands for: what scanning the member's code would open, at
 * the asking store, for the asking POS key. It has no code step of its own, so it takes a
 * negative one (the approval instant) under secret version 0, which no code ever has: the
 * (member code, version, step) key stays the arbiter without a second kind of scan.
 */
export async function openLookupScan(tx: Tx, row: ApprovalRow, now: Date): Promise<void> {
  const [member] = await select<{ member_code_id: number }>(tx, 'SELECT member_code_id FROM members WHERE id = ?', [
    row.member_id,
  ]);
  if (!member) throw new AppError('MEMBER_NOT_FOUND', 'This member no longer exists.');
  const scanId = ulid();
  const expiresAt = new Date(now.getTime() + SCAN_TTL_MS);
  try {
    await execute(
      tx,
      `INSERT INTO scans (id, store_id, member_id, staff_member_id, member_code_id, secret_version, code_step, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)`,
      [scanId, row.store_id, row.member_id, row.requested_by, member.member_code_id, -now.getTime(), now, expiresAt],
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError(
      'IDEMPOTENCY_REQUEST_IN_PROGRESS',
      'Another lookup was approved at the same instant; try again.',
    );
  }
  await execute(tx, 'UPDATE member_approvals SET scan_id = ?, expires_at = ? WHERE id = ?', [
    scanId,
    expiresAt,
    row.id,
  ]);
}

/** What the POS polls: the request, and once an approved phone lookup opened its scan, the scan sheet. */
export async function posApproval(
  db: Tx,
  crypto: DataCrypto,
  input: { storeId: string; approvalId: string; now: Date },
): Promise<PosMemberApproval> {
  const row = await approvalAtStore(db, input.storeId, input.approvalId);
  const approval = toApproval(row, input.now);
  if (row.kind !== 'phone-lookup' || !row.scan_id || statusAt(row, input.now) !== 'approved') {
    return { ...approval, scan: null };
  }
  const [member] = await select<{ member_code_id: number }>(db, 'SELECT member_code_id FROM members WHERE id = ?', [
    row.member_id,
  ]);
  const target = member ? await scanTarget(db, Number(member.member_code_id)) : null;
  if (!target) return { ...approval, scan: null };
  const scan = { scanId: row.scan_id, storeId: row.store_id, expiresAt: row.expires_at, now: input.now };
  return { ...approval, scan: await scanSheet(db, crypto, target, scan) };
}
