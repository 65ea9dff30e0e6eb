import type { AdminAccount, AdminRole } from '@tongka/shared-types';
import { execute, readInstant, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../shared/app-error';
import { createAdmin } from './create-admin';
import { hashPassword } from './password-hash';

interface AdminRow {
  id: string;
  username: string;
  role: AdminRole;
  disabled_at: unknown;
  created_at: unknown;
}

const toAccount = (row: AdminRow): AdminAccount => ({
  id: row.id,
  username: row.username,
  role: row.role === 'finance' ? 'finance' : 'admin',
  disabled: row.disabled_at !== null,
  createdAt: readInstant(row.created_at).toISOString(),
});

export async function listAdmins(
  db: Tx,
  query: { limit: number; cursor?: string },
): Promise<{ items: AdminAccount[]; nextCursor: string | null }> {
  const rows = await select<AdminRow>(
    db,
    `SELECT id, username, role, disabled_at, created_at FROM admins ${query.cursor ? 'WHERE id > ?' : ''} ORDER BY id LIMIT ?`,
    query.cursor ? [query.cursor, query.limit + 1] : [query.limit + 1],
  );
  const page = rows.slice(0, query.limit);
  return { items: page.map(toAccount), nextCursor: rows.length > query.limit ? page[page.length - 1].id : null };
}

export async function adminMe(db: Tx, adminId: string): Promise<{ id: string; username: string; role: AdminRole }> {
  const [row] = await select<AdminRow>(
    db,
    'SELECT id, username, role, disabled_at, created_at FROM admins WHERE id = ?',
    [adminId],
  );
  if (!row) throw new AppError('ADMIN_NOT_FOUND', 'No such administrator.');
  const account = toAccount(row);
  return { id: account.id, username: account.username, role: account.role };
}

export async function addAdmin(
  tx: Tx,
  input: { username: string; password: string; role: AdminRole; actorId: string; now: Date },
): Promise<AdminAccount> {
  const username = input.username.trim();
  const created = await createAdmin(tx, { ...input, username, actor: { type: 'admin', id: input.actorId } });
  if (!created) throw new AppError('ADMIN_USERNAME_EXISTS', 'This username is taken.', { username });
  return readAdmin(tx, created.id);
}

/**
 * Changes an admin's role or disables / re-enables it (audited). The last enabled HQ admin can be
 * neither disabled nor made finance: the enabled HQ admins are locked in id order and counted first.
 */
export async function updateAdmin(
  tx: Tx,
  input: { id: string; role?: AdminRole; disabled?: boolean; actorId: string; now: Date },
): Promise<AdminAccount> {
  const admins = await select<{ id: string }>(
    tx,
    `SELECT id FROM admins WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id${lock(tx)}`,
  );
  const before = await readAdmin(tx, input.id);
  const losesAdmin = input.disabled === true || (input.role !== undefined && input.role !== 'admin');
  if (losesAdmin && admins.length === 1 && admins[0].id === input.id) {
    throw new AppError('LAST_ADMIN', 'The last enabled HQ administrator cannot be disabled or demoted.');
  }
  if (input.role !== undefined) await execute(tx, 'UPDATE admins SET role = ? WHERE id = ?', [input.role, input.id]);
  if (input.disabled !== undefined) {
    await execute(tx, 'UPDATE admins SET disabled_at = ? WHERE id = ?', [input.disabled ? input.now : null, input.id]);
  }
  const after = await readAdmin(tx, input.id);
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.actorId,
    action: 'admin.update',
    targetType: 'admin',
    targetId: input.id,
    before: { role: before.role, disabled: before.disabled },
    after: { role: after.role, disabled: after.disabled },
    at: input.now,
  });
  return after;
}

/** Sets a new password (audited without the password). */
export async function resetAdminPassword(
  tx: Tx,
  input: { id: string; password: string; actorId: string; now: Date },
): Promise<{ id: string; reset: true }> {
  await readAdmin(tx, input.id);
  await execute(tx, 'UPDATE admins SET password_hash = ? WHERE id = ?', [await hashPassword(input.password), input.id]);
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.actorId,
    action: 'admin.reset-password',
    targetType: 'admin',
    targetId: input.id,
    at: input.now,
  });
  return { id: input.id, reset: true };
}

async function readAdmin(tx: Tx, id: string): Promise<AdminAccount> {
  const [row] = await select<AdminRow>(
    tx,
    'SELECT id, username, role, disabled_at, created_at FROM admins WHERE id = ?',
    [id],
  );
  if (!row) throw new AppError('ADMIN_NOT_FOUND', 'No such administrator.', { id });
  return toAccount(row);
}

const lock = (tx: Tx) => (tx.connection.options.type === 'better-sqlite3' ? '' : ' FOR UPDATE');
