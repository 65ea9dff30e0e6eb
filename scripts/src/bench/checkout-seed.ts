import { memberCodeAt } from '@tongka/shared-types';
import type { DataSource } from 'typeorm';
import { issueMemberToken } from '../../../bff/src/auth/tokens';
import { inTransaction, select } from '../../../bff/src/db/tx';
import { creditStoredValue, earnPoints } from '../../../bff/src/domain/ledger';
import { getMemberCodeSecret } from '../../../bff/src/domain/member-code/member-code-secret';
import { DataCrypto } from '../../../bff/src/domain/shared/data-crypto';
import { ulid } from '../../../bff/src/domain/shared/ulid';
import type { RawMember, RawStore } from './checkout-raw';

export interface BenchStore extends RawStore {
  staffToken: string;
}
export interface BenchMember {
  memberId: string;
  memberCodeId: number;
  secret: string;
}

let codeSeq = 20_000_000;

/** Where the seed writes and the secrets the BFF under test was started with. */
export interface BenchEnv {
  dataSource: DataSource;
  jwtSecret: string;
  dataKey: string;
}

async function insertMember(bff: BenchEnv): Promise<{ id: string; memberCodeId: number }> {
  const id = ulid();
  const memberCodeId = codeSeq++;
  const now = new Date();
  await bff.dataSource.query(
    `INSERT INTO members (id, member_code_id, status, earn_blocked, spend_blocked, block_reason, merged_into_id, home_store_id,
       tier, referral_code, referrer_id, name, created_at, updated_at)
     VALUES (?, ?, 'active', 0, 0, NULL, NULL, NULL, 'basic', ?, NULL, NULL, ?, ?)`,
    [id, memberCodeId, id.slice(-12), now, now],
  );
  return { id, memberCodeId };
}

export async function seedStore(bff: BenchEnv, name: string): Promise<BenchStore> {
  const storeId = ulid();
  await bff.dataSource.query('INSERT INTO stores (id, code, name, city, created_at) VALUES (?, ?, ?, NULL, ?)', [
    storeId,
    `B${storeId.slice(-10)}`,
    name,
    new Date(),
  ]);
  const staff = await insertMember(bff);
  await bff.dataSource.query(
    "INSERT INTO staff_roles (id, member_id, store_id, role, created_at, revoked_at) VALUES (?, ?, ?, 'clerk', ?, NULL)",
    [ulid(), staff.id, storeId, new Date()],
  );
  const token = issueMemberToken(bff.jwtSecret, staff.id);
  return { storeId, staffId: staff.id, staffToken: token, pointsRedeemed: '', svRedeemed: '', pointsIssued: '' };
}

/** A member with plenty of points and stored value (issued at `storeId`) and a member-code secret. */
export async function seedMember(bff: BenchEnv, storeId: string): Promise<BenchMember> {
  const member = await insertMember(bff);
  const crypto = new DataCrypto(bff.dataKey);
  const secret = await inTransaction(bff.dataSource, async (tx) => {
    const cause = { causeType: 'bench', causeId: member.id };
    await earnPoints(tx, {
      memberId: member.id,
      storeId,
      points: 10_000_000,
      kind: 'ADJUST',
      idempotencyKey: `bench:p:${member.id}`,
      earnedAt: new Date(),
      ...cause,
    });
    await creditStoredValue(tx, {
      at: new Date(),
      memberId: member.id,
      storeId,
      fen: 100_000_000,
      kind: 'TOPUP',
      idempotencyKey: `bench:sv:${member.id}`,
      ...cause,
    });
    return (await getMemberCodeSecret(tx, crypto, member.id, new Date())).secret;
  });
  return { memberId: member.id, memberCodeId: member.memberCodeId, secret };
}

export function codeOf(member: BenchMember, atMs: number): string {
  return memberCodeAt(member.memberCodeId, member.secret, atMs);
}

/** Reads the account ids the raw transaction needs (they exist once the BFF ran a checkout at the store). */
export async function rawTargets(
  bff: BenchEnv,
  store: BenchStore,
  member: BenchMember,
  scanId: string,
): Promise<{ store: RawStore; member: RawMember }> {
  const accounts = await select<{ id: string; owner_id: string; purpose: string; asset: string }>(
    bff.dataSource.manager,
    'SELECT id, owner_id, purpose, asset FROM ledger_accounts WHERE owner_id IN (?, ?)',
    [store.storeId, member.memberId],
  );
  const find = (owner: string, purpose: string, asset: string) => {
    const row = accounts.find((a) => a.owner_id === owner && a.purpose === purpose && a.asset === asset);
    if (!row) throw new Error(`bench: no ${purpose} ${asset} account for ${owner}`);
    return row.id;
  };
  return {
    store: {
      ...store,
      pointsRedeemed: find(store.storeId, 'points_redeemed', 'POINTS'),
      svRedeemed: find(store.storeId, 'sv_redeemed', 'CNY'),
      pointsIssued: find(store.storeId, 'points_issued', 'POINTS'),
    },
    member: {
      memberId: member.memberId,
      scanId,
      walletPoints: find(member.memberId, 'wallet', 'POINTS'),
      walletCny: find(member.memberId, 'wallet', 'CNY'),
    },
  };
}
