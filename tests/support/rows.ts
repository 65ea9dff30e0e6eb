import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { issueAdminToken } from '../../bff/src/auth/tokens';
import { execute } from '../../bff/src/db/tx';

/**
 * Rows other modules own, inserted directly for tests that are not about creating them (store
 * management and admin sign-in have their own tests through the API).
 */
export async function insertStore(dataSource: DataSource, input: { name: string; code?: string }): Promise<string> {
  const id = ulid();
  await execute(dataSource.manager, 'INSERT INTO stores (id, code, name, city, created_at) VALUES (?, ?, ?, NULL, ?)', [
    id,
    input.code ?? `S${id.slice(-10)}`,
    input.name,
    new Date(),
  ]);
  return id;
}

/** An HQ admin row and a token for it. */
export async function insertAdminToken(
  dataSource: DataSource,
  jwtSecret: string,
  role: 'admin' | 'finance' = 'admin',
): Promise<string> {
  const id = ulid();
  const username = `admin-${id.slice(-8).toLowerCase()}`;
  await execute(
    dataSource.manager,
    'INSERT INTO admins (id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)',
    [id, username, 'not-a-real-hash', role, new Date()],
  );
  return issueAdminToken(jwtSecret, id, username);
}
