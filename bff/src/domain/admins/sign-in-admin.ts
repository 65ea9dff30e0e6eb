import { select } from '../../db/tx';
import type { AppDeps } from '../../deps';
import type { RatePolicyName } from '../../rate-limits';
import { AppError } from '../shared/app-error';
import { DUMMY_HASH, verifyPassword } from './password-hash';

/**
 * HQ login, throttled before the password is hashed (issue #10): each attempt first takes a point
 * from three counters kept in the shared rate-limit store, atomically, so 40 parallel guesses
 * cannot all be checked: per username and client (5 in 15 minutes lock that pair), per client
 * over every username (known or not, so spraying unknown names costs no hash beyond the limit),
 * and per username from anywhere (a wider cap on guessing from many clients). A match gives its
 * points back and clears the pair's failures. Someone guessing from another client does not lock
 * the admin out of theirs.
 *
 * Reports who signed in; the route hands out the session.
 */
export async function signInAdmin(
  deps: AppDeps,
  input: { username: string; password: string; client: string },
): Promise<{ adminId: string; username: string; role: 'admin' | 'finance' }> {
  const attempt = attemptKeys(input.username, input.client);
  for (const [policy, key] of attempt) await deps.rateLimits.take(policy, key);
  const [admin] = await select<{
    id: string;
    username: string;
    password_hash: string;
    role: string;
    disabled_at: unknown;
  }>(deps.dataSource.manager, 'SELECT id, username, password_hash, role, disabled_at FROM admins WHERE username = ?', [
    input.username,
  ]);
  const ok = await verifyPassword(input.password, admin?.password_hash ?? DUMMY_HASH);
  if (!admin || !ok) throw new AppError('INVALID_CREDENTIALS', 'The username or password is wrong.');
  for (const [policy, key] of attempt) await deps.rateLimits.giveBack(policy, key);
  await deps.rateLimits.reset('admin-login-user-ip', attempt[1][1]);
  if (admin.disabled_at !== null) throw new AppError('ADMIN_DISABLED', 'This administrator account is disabled.');
  return { adminId: admin.id, username: admin.username, role: admin.role === 'finance' ? 'finance' : 'admin' };
}

/**
 * The counters an attempt takes from. Usernames compare case-insensitively in the admins table,
 * so the key is the lower-cased name: `Admin` and `ADMIN` are the same account and the same count.
 */
function attemptKeys(username: string, client: string): Array<[RatePolicyName, string]> {
  const user = username.normalize('NFKC').trim().toLowerCase();
  return [
    ['admin-login-ip', client],
    ['admin-login-user-ip', `${user}|${client}`],
    ['admin-login-user', user],
  ];
}
