import { execute, isUniqueViolation, type Tx } from '../../db/tx';
import { ulid } from '../shared/ulid';
import { queueWebhookEvent } from '../webhooks/queue-webhook-event';
import { randomMemberCodeId, randomReferralCode } from './member-keys';

export interface NewMember {
  homeStoreId?: string | null;
  referrerId?: string | null;
  tier?: string;
  name?: string | null;
  phoneEnc?: string | null;
  phoneIndex?: string | null;
  createdAt: Date;
}

const MAX_KEY_ATTEMPTS = 8;

/**
 * Inserts an active member with a fresh member-code id and referral code. Both are random, so a
 * collision is possible: the unique index detects it and we draw again (a failed INSERT only
 * rolls back itself on MySQL and SQLite, not the transaction).
 */
export async function createMember(
  tx: Tx,
  input: NewMember,
): Promise<{ id: string; memberCodeId: number; referralCode: string }> {
  const id = ulid();
  for (let attempt = 1; ; attempt++) {
    const memberCodeId = randomMemberCodeId();
    const referralCode = randomReferralCode();
    try {
      await execute(
        tx,
        `INSERT INTO members (id, member_code_id, status, earn_blocked, spend_blocked, home_store_id, tier, referral_code,
           referrer_id, name, phone_enc, phone_index, created_at, updated_at)
         VALUES (?, ?, 'active', 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          memberCodeId,
          input.homeStoreId ?? null,
          input.tier ?? 'basic',
          referralCode,
          input.referrerId ?? null,
          input.name ?? null,
          input.phoneEnc ?? null,
          input.phoneIndex ?? null,
          input.createdAt,
          input.createdAt,
        ],
      );
      await queueWebhookEvent(tx, {
        type: 'member.created',
        cause: id,
        storeId: input.homeStoreId ?? null,
        at: input.createdAt,
        data: { memberId: id, homeStoreId: input.homeStoreId ?? null, phoneBound: Boolean(input.phoneIndex) },
      });
      return { id, memberCodeId, referralCode };
    } catch (error) {
      if (!isKeyCollision(error) || attempt >= MAX_KEY_ATTEMPTS) throw error;
    }
  }
}

function isKeyCollision(error: unknown): boolean {
  if (!isUniqueViolation(error)) return false;
  const message = String((error as Error).message);
  return /member_code_id|referral_code/.test(message);
}
