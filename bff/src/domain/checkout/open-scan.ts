import { parseMemberCode, type RedeemRule, type ScanResponse } from '@tongka/shared-types';
import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import type { RateLimits, RatePolicyName } from '../../rate-limits';
import { usableCouponsAt } from '../coupons/member-coupons';
import { checkMemberCode } from '../member-code/verify-member-code';
import { maskPhone } from '../members/phone';
import { defaultRules, HQ_SCOPE } from '../rules/rule-store';
import { AppError } from '../shared/app-error';
import type { DataCrypto } from '../shared/data-crypto';
import { ulid } from '../shared/ulid';
import type { MemberRow } from './member-snapshot';

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
 * unique (member_code_id, step) key makes the insert itself the arbiter), answer the cashier's
 * sheet. Two statements and no transaction: the insert is the only write, and everything the
 * sheet shows (member, code secret, phone, home store, balances, the redeem rule in force) comes
 * from one read before it.
 */
export async function openScan(
  db: Tx,
  crypto: DataCrypto,
  limits: RateLimits,
  input: OpenScanInput,
): Promise<ScanResponse> {
  const parsed = parseMemberCode(input.code.trim());
  const counters = guessCounters(input.storeId, parsed?.memberCodeId);
  for (const [policy, key] of counters) await limits.take(policy, key);
  if (!parsed) throw new AppError('INVALID_CODE', 'This is not a Tongka member code.');
  const opened = await openParsedScan(db, crypto, input, parsed);
  for (const [policy, key] of counters) await limits.giveBack(policy, key);
  return opened;
}

/**
 * Member-code guessing (issue #10): every scan takes a point per store and per member-code id
 * before the code is checked, and gives them back when it opens a scan, so only failures count
 * and parallel guesses are counted before any is checked.
 */
function guessCounters(storeId: string, memberCodeId: number | undefined): Array<[RatePolicyName, string]> {
  const counters: Array<[RatePolicyName, string]> = [['scan-store', storeId]];
  if (memberCodeId !== undefined) counters.push(['scan-member-code', String(memberCodeId)]);
  return counters;
}

async function openParsedScan(
  db: Tx,
  crypto: DataCrypto,
  input: OpenScanInput,
  parsed: NonNullable<ReturnType<typeof parseMemberCode>>,
): Promise<ScanResponse> {
  const member = await scanTarget(db, parsed.memberCodeId);
  if (!member?.secret_enc) throw new AppError('INVALID_CODE', 'This member code is not valid.');
  const check = checkMemberCode(parsed, crypto.decrypt(member.secret_enc), input.now.getTime());
  if (check.kind === 'expired')
    throw new AppError('CODE_EXPIRED', 'This member code has expired; ask for a fresh one.');
  if (check.kind === 'invalid') throw new AppError('INVALID_CODE', 'This member code is not valid.');
  assertScannable(member);
  const scanId = ulid();
  const expiresAt = new Date(input.now.getTime() + SCAN_TTL_MS);
  try {
    await execute(
      db,
      'INSERT INTO scans (id, store_id, member_id, staff_member_id, member_code_id, secret_version, code_step, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        scanId,
        input.storeId,
        member.id,
        input.staffMemberId,
        parsed.memberCodeId,
        Number(member.secret_version),
        check.step,
        input.now,
        expiresAt,
      ],
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError('CODE_ALREADY_USED', 'This member code was already scanned; ask for a fresh one.');
  }
  return scanSheet(db, crypto, member, { scanId, storeId: input.storeId, expiresAt, now: input.now });
}

/** The cashier's sheet for a scan: the member, balances, usable coupons and the redeem rule in force. */
export async function scanSheet(
  db: Tx,
  crypto: DataCrypto,
  member: ScanTarget,
  scan: { scanId: string; storeId: string; expiresAt: Date; now: Date },
): Promise<ScanResponse> {
  const redeem: RedeemRule = member.redeem_rule_json ? JSON.parse(member.redeem_rule_json) : defaultRules.redeem;
  return {
    scanId: scan.scanId,
    expiresAt: scan.expiresAt.toISOString(),
    member: {
      id: member.id,
      tier: member.tier,
      phoneMasked: member.phone_enc ? maskPhone(crypto.decrypt(member.phone_enc)) : null,
      homeStoreId: member.home_store_id,
      homeStoreName: member.home_store_name,
      points: Number(member.points ?? 0),
      storedValueFen: Number(member.stored_value_fen ?? 0),
      pointsDebt: Math.max(0, -Number(member.debt_balance ?? 0)),
      earnBlocked: Boolean(Number(member.earn_blocked)),
      spendBlocked: Boolean(Number(member.spend_blocked)),
      coupons: await usableCouponsAt(db, member.id, scan.storeId, scan.now),
      redeemRule: {
        pointsPerYuan: redeem.pointsPerYuan,
        maxShareOfOrder: redeem.maxShareOfOrder,
        minPointsPerUse: redeem.minPointsPerUse ?? null,
      },
    },
  };
}

export interface ScanTarget extends MemberRow {
  phone_enc: string | null;
  home_store_name: string | null;
  secret_enc: string | null;
  secret_version: number | string | null;
  points: number | string | null;
  stored_value_fen: number | string | null;
  debt_balance: number | string | null;
  redeem_rule_json: string | null;
}

/**
 * The member a code names with all the sheet shows, in one read: the code secret, phone, home
 * store, the balances (as getMemberBalances reads them) and HQ's redeem rule in force (the latest
 * version; none yet means the default).
 */
const account = (alias: string, purpose: string, asset: string) =>
  `LEFT JOIN ledger_accounts ${alias} ON ${alias}.owner_type = 'member' AND ${alias}.owner_id = m.id
     AND ${alias}.purpose = '${purpose}' AND ${alias}.asset = '${asset}'`;

/** The scan's one read, by member_code_id (exported for the benchmark's raw mirror). */
export const SCAN_TARGET_SQL = `SELECT m.id, m.status, m.earn_blocked, m.spend_blocked, m.block_reason, m.home_store_id,
       m.tier, m.phone_enc, h.name AS home_store_name, s.secret_enc, s.version AS secret_version,
       wp.balance AS points, wc.balance AS stored_value_fen, wd.balance AS debt_balance,
       (SELECT r.rule_json FROM rule_versions r WHERE r.kind = 'redeem' AND r.scope = '${HQ_SCOPE}'
         ORDER BY r.version DESC LIMIT 1) AS redeem_rule_json
  FROM members m
  LEFT JOIN member_code_secrets s ON s.member_id = m.id
  LEFT JOIN stores h ON h.id = m.home_store_id
  ${account('wp', 'wallet', 'POINTS')}
  ${account('wc', 'wallet', 'CNY')}
  ${account('wd', 'debt', 'POINTS')}
 WHERE m.member_code_id = ?`;

export async function scanTarget(db: Tx, memberCodeId: number): Promise<ScanTarget | null> {
  const [row] = await select<ScanTarget>(db, SCAN_TARGET_SQL, [memberCodeId]);
  return row ?? null;
}

/** Merged and deleted cards cannot be served; blocked members can (they pay cash, see checkout). */
function assertScannable(member: MemberRow): void {
  if (member.status === 'merged') {
    throw new AppError('MEMBER_MERGED', 'This card was merged into another; ask the member to reopen the app.');
  }
  if (member.status !== 'active') throw new AppError('MEMBER_NOT_FOUND', 'This member no longer exists.');
}
