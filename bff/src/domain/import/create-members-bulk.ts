import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { randomMemberCodeId, randomReferralCode } from '../members/member-keys';
import { ulid } from '../shared/ulid';

export interface BulkNewMember {
  homeStoreId: string;
  tier: string;
  name: string | null;
  phoneEnc: string;
  phoneIndex: string;
  createdAt: Date;
}

const MAX_KEY_ATTEMPTS = 8;
const CHUNK_ROWS = 500;

/**
 * The rows `createMember` writes, many per INSERT. Member-code ids are 8 random digits, so among
 * 100,000 members a batch of 1,000 draws would collide with an existing one about every other
 * batch: codes already taken are drawn again before inserting, and a collision with a concurrent
 * batch (rare) makes the whole statement fail and draw again, like `createMember`.
 */
export async function createMembersBulk(tx: Tx, members: BulkNewMember[]): Promise<string[]> {
  const ids = members.map(() => ulid());
  for (let start = 0; start < members.length; start += CHUNK_ROWS) {
    await insertChunk(tx, members.slice(start, start + CHUNK_ROWS), ids.slice(start, start + CHUNK_ROWS));
  }
  return ids;
}

async function insertChunk(tx: Tx, members: BulkNewMember[], ids: string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const codes = await freeCodes(tx, members.length);
    try {
      await execute(
        tx,
        `INSERT INTO members (id, member_code_id, status, earn_blocked, spend_blocked, home_store_id, tier, referral_code,
           referrer_id, name, phone_enc, phone_index, created_at, updated_at)
         VALUES ${members.map(() => "(?, ?, 'active', 0, 0, ?, ?, ?, NULL, ?, ?, ?, ?, ?)").join(', ')}`,
        members.flatMap((member, i) => [
          ids[i],
          codes[i].memberCodeId,
          member.homeStoreId,
          member.tier,
          codes[i].referralCode,
          member.name,
          member.phoneEnc,
          member.phoneIndex,
          member.createdAt,
          member.createdAt,
        ]),
      );
      return;
    } catch (error) {
      if (!isKeyCollision(error) || attempt >= MAX_KEY_ATTEMPTS) throw error;
    }
  }
}

/** n distinct member-code ids and referral codes no member holds yet. */
async function freeCodes(tx: Tx, n: number): Promise<Array<{ memberCodeId: number; referralCode: string }>> {
  const memberCodeIds = new Set<number>();
  const referralCodes = new Set<string>();
  while (memberCodeIds.size < n || referralCodes.size < n) {
    while (memberCodeIds.size < n) memberCodeIds.add(randomMemberCodeId());
    while (referralCodes.size < n) referralCodes.add(randomReferralCode());
    const marks = Array.from({ length: n }, () => '?').join(', ');
    const takenIds = await select<{ member_code_id: number | string }>(
      tx,
      `SELECT member_code_id FROM members WHERE member_code_id IN (${marks})`,
      [...memberCodeIds],
    );
    for (const row of takenIds) memberCodeIds.delete(Number(row.member_code_id));
    const takenCodes = await select<{ referral_code: string }>(
      tx,
      `SELECT referral_code FROM members WHERE referral_code IN (${marks})`,
      [...referralCodes],
    );
    for (const row of takenCodes) referralCodes.delete(row.referral_code);
  }
  const referral = [...referralCodes];
  return [...memberCodeIds].map((memberCodeId, i) => ({ memberCodeId, referralCode: referral[i] }));
}

function isKeyCollision(error: unknown): boolean {
  return isUniqueViolation(error) && /member_code_id|referral_code/.test(String((error as Error).message));
}
