import { execute, inTransaction, isUniqueViolation, select, type Tx } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../audit/record-audit';
import { ulid } from '../shared/ulid';
import { hashPassword } from './password-hash';

/** Inserts an HQ admin; false when the username is taken (the unique index decides). */
export async function createAdmin(
  tx: Tx,
  input: {
    username: string;
    password: string;
    now: Date;
    actor: { type: 'admin' | 'system'; id: string };
    role?: 'admin' | 'finance';
  },
): Promise<{ id: string } | null> {
  const id = ulid();
  try {
    await execute(tx, 'INSERT INTO admins (id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)', [
      id,
      input.username,
      await hashPassword(input.password),
      input.role ?? 'admin',
      input.now,
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
  await recordAudit(tx, {
    actorType: input.actor.type,
    actorId: input.actor.id,
    action: 'admin.create',
    targetType: 'admin',
    targetId: id,
    after: { username: input.username, role: input.role ?? 'admin' },
    at: input.now,
  });
  return { id };
}

/**
 * Start-up task: the first admin from ADMIN_USERNAME / ADMIN_PASSWORD when no admin exists.
 * Instances starting together may both try; the unique username lets exactly one insert win.
 */
export async function bootstrapFirstAdmin(deps: AppDeps): Promise<void> {
  const { ADMIN_USERNAME: username, ADMIN_PASSWORD: password } = deps.config;
  if (!username || !password) return;
  const db = deps.dataSource.manager;
  const existing = await select(db, 'SELECT id FROM admins LIMIT 1');
  if (existing.length > 0) return;
  await inTransaction(deps.dataSource, (tx) =>
    createAdmin(tx, { username, password, now: deps.clock.now(), actor: { type: 'system', id: 'startup' } }),
  );
}
