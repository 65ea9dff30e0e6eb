import { createHash, randomInt } from 'node:crypto';
import type { StaffInviteResponse, StaffRole, StaffRoleName } from '@tongka/shared-types';
import { execute, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { revokeSessions } from '../members/revoke-sessions';
import { AppError } from '../shared/app-error';
import { ulid } from '../shared/ulid';
import { requireStore } from '../stores/manage-stores';
import { listStaffRoles } from './list-staff-roles';

export const INVITE_LIFETIME_MS = 72 * 60 * 60 * 1000;
const INVITE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Only the hash is stored: a database reader cannot bind themselves with a pending invite. */
function hashInvite(code: string): string {
  return createHash('sha256').update(code.trim().toUpperCase()).digest('hex');
}

export async function createStaffInvite(
  tx: Tx,
  input: { storeId: string; role: StaffRoleName; adminId: string; now: Date },
): Promise<StaffInviteResponse> {
  await requireStore(tx, input.storeId);
  let inviteCode = '';
  for (let i = 0; i < 12; i++) inviteCode += INVITE_ALPHABET[randomInt(0, INVITE_ALPHABET.length)];
  const expiresAt = new Date(input.now.getTime() + INVITE_LIFETIME_MS);
  const id = ulid();
  await execute(
    tx,
    'INSERT INTO staff_invites (id, store_id, role, code_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [id, input.storeId, input.role, hashInvite(inviteCode), input.adminId, input.now, expiresAt],
  );
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'staff.invite',
    targetType: 'store',
    targetId: input.storeId,
    after: { inviteId: id, role: input.role, expiresAt: expiresAt.toISOString() },
    at: input.now,
  });
  return { inviteCode, expiresAt: expiresAt.toISOString() };
}

/** Single use: the conditional UPDATE claims the invite, so two binds of one code cannot both win. */
export async function bindStaffInvite(
  tx: Tx,
  input: { memberId: string; inviteCode: string; now: Date },
): Promise<{ staff: StaffRole[] }> {
  const hash = hashInvite(input.inviteCode);
  const claimed = await execute(
    tx,
    'UPDATE staff_invites SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?',
    [input.now, input.memberId, hash, input.now],
  );
  if (claimed !== 1) throw new AppError('INVITE_INVALID', 'This invite code is unknown, used or expired.');
  const [invite] = await select<{ id: string; store_id: string; role: StaffRoleName }>(
    tx,
    'SELECT id, store_id, role FROM staff_invites WHERE code_hash = ?',
    [hash],
  );
  const roleId = ulid();
  await execute(tx, 'INSERT INTO staff_roles (id, member_id, store_id, role, created_at) VALUES (?, ?, ?, ?, ?)', [
    roleId,
    input.memberId,
    invite.store_id,
    invite.role,
    input.now,
  ]);
  await recordAudit(tx, {
    actorType: 'member',
    actorId: input.memberId,
    action: 'staff.bind',
    targetType: 'store',
    targetId: invite.store_id,
    after: { inviteId: invite.id, staffRoleId: roleId, role: invite.role },
    at: input.now,
  });
  return { staff: await listStaffRoles(tx, input.memberId) };
}

export async function revokeStaff(
  tx: Tx,
  input: { storeId: string; memberId: string; adminId: string; now: Date },
): Promise<{ revoked: number }> {
  const active = await select<{ id: string; role: string }>(
    tx,
    'SELECT id, role FROM staff_roles WHERE store_id = ? AND member_id = ? AND revoked_at IS NULL',
    [input.storeId, input.memberId],
  );
  if (active.length === 0) throw new AppError('NOT_FOUND', 'This member holds no role at this store.');
  const revoked = await execute(
    tx,
    'UPDATE staff_roles SET revoked_at = ? WHERE store_id = ? AND member_id = ? AND revoked_at IS NULL',
    [input.now, input.storeId, input.memberId],
  );
  // The revoked staff member's app signs in again and no longer shows the store's staff pages.
  await revokeSessions(tx, [input.memberId]);
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'staff.revoke',
    targetType: 'member',
    targetId: input.memberId,
    before: { storeId: input.storeId, roles: active },
    after: { storeId: input.storeId, roles: [] },
    at: input.now,
  });
  return { revoked };
}
