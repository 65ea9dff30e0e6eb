import type { DataSource } from 'typeorm';
import { execute, isUniqueViolation, readInstant, select } from '../db/tx';
import type { AccessTokenStore, StoredAccessToken } from './access-token-store';

/**
 * The access token kept in `wechat_access_tokens`, one row per appid, so every BFF instance
 * reuses the token another fetched instead of each calling stable_token.
 */
export class DbAccessTokenStore implements AccessTokenStore {
  constructor(private readonly dataSource: DataSource) {}

  async get(appid: string): Promise<StoredAccessToken | null> {
    const [row] = await select<{ token: string; expires_at: unknown }>(
      this.dataSource.manager,
      'SELECT token, expires_at FROM wechat_access_tokens WHERE appid = ?',
      [appid],
    );
    return row ? { token: row.token, expiresAt: readInstant(row.expires_at) } : null;
  }

  async put(appid: string, token: string, expiresAt: Date): Promise<void> {
    const db = this.dataSource.manager;
    const now = new Date();
    const update = () =>
      execute(db, 'UPDATE wechat_access_tokens SET token = ?, expires_at = ?, updated_at = ? WHERE appid = ?', [
        token,
        expiresAt,
        now,
        appid,
      ]);
    if ((await update()) > 0) return;
    try {
      await execute(db, 'INSERT INTO wechat_access_tokens (appid, token, expires_at, updated_at) VALUES (?, ?, ?, ?)', [
        appid,
        token,
        expiresAt,
        now,
      ]);
    } catch (error) {
      // Another instance inserted the row first: ours is as fresh, so overwrite.
      if (!isUniqueViolation(error)) throw error;
      await update();
    }
  }
}
