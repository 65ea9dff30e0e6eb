/**
 * Where the mini-program access token is kept between calls (and, with a database-backed store,
 * between BFF instances). stable_token hands every instance the same token, so a shared store only
 * saves round-trips; it is not needed for correctness.
 */
export interface StoredAccessToken {
  token: string;
  expiresAt: Date;
}

export interface AccessTokenStore {
  get(appid: string): Promise<StoredAccessToken | null>;
  put(appid: string, token: string, expiresAt: Date): Promise<void>;
}

/** Process-local store: for tests, the demo, and as a fallback. */
export class InMemoryAccessTokenStore implements AccessTokenStore {
  private readonly tokens = new Map<string, StoredAccessToken>();

  async get(appid: string): Promise<StoredAccessToken | null> {
    return this.tokens.get(appid) ?? null;
  }

  async put(appid: string, token: string, expiresAt: Date): Promise<void> {
    this.tokens.set(appid, { token, expiresAt });
  }
}
