import { issueAdminToken } from '../../auth/tokens';
import { execute, readInstant, select } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { AppError } from '../shared/app-error';
import { ulid } from '../shared/ulid';
import { DUMMY_HASH, verifyPassword } from './password-hash';

/** 5 failures per username within 15 minutes lock that username until the oldest ages out. */
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

/**
 * HQ login with throttling kept in the database (admin_login_failures), so it holds across
 * instances. Unknown usernames are throttled and timed like known ones.
 */
export async function signInAdmin(
  deps: AppDeps,
  input: { username: string; password: string },
): Promise<{ token: string; role: 'admin' | 'finance' }> {
  const db = deps.dataSource.manager;
  const now = deps.clock.now();
  await refuseWhenThrottled(deps, input.username, now);
  const [admin] = await select<{ id: string; password_hash: string; role: string; disabled_at: unknown }>(
    db,
    'SELECT id, password_hash, role, disabled_at FROM admins WHERE username = ?',
    [input.username],
  );
  const ok = await verifyPassword(input.password, admin?.password_hash ?? DUMMY_HASH);
  if (!admin || !ok) {
    await execute(db, 'INSERT INTO admin_login_failures (id, username, failed_at) VALUES (?, ?, ?)', [
      ulid(),
      input.username,
      now,
    ]);
    throw new AppError('INVALID_CREDENTIALS', 'The username or password is wrong.');
  }
  await execute(db, 'DELETE FROM admin_login_failures WHERE username = ?', [input.username]);
  if (admin.disabled_at !== null) throw new AppError('ADMIN_DISABLED', 'This administrator account is disabled.');
  const role = admin.role === 'finance' ? 'finance' : 'admin';
  return { token: issueAdminToken(deps.config.JWT_SECRET, admin.id, input.username), role };
}

async function refuseWhenThrottled(deps: AppDeps, username: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
  const rows = await select<{ failed_at: unknown }>(
    deps.dataSource.manager,
    'SELECT failed_at FROM admin_login_failures WHERE username = ? AND failed_at > ? ORDER BY failed_at DESC LIMIT ?',
    [username, since, MAX_FAILURES],
  );
  if (rows.length < MAX_FAILURES) return;
  const oldest = readInstant(rows[rows.length - 1].failed_at);
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + FAILURE_WINDOW_MS - now.getTime()) / 1000));
  throw new AppError('TOO_MANY_ATTEMPTS', 'Too many failed sign-ins for this username; try again later.', {
    retryAfterSeconds,
  });
}
