import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Config } from '../../../config';
import type { PlatformCertificate } from './pay-client';

/**
 * Finds WeChat Pay's verification key by Wechatpay-Serial: the public key (public-key mode,
 * `PUB_KEY_ID_...`) and/or platform certificates fetched from /v3/certificates. During a
 * switch-over callbacks come signed either way, so both may be configured at once.
 */

export interface PlatformKeyResolver {
  publicKeyFor(serial: string): Promise<KeyObject | undefined>;
}

export interface PlatformKeyringOptions {
  publicKey?: { id: string; pem: string | Buffer };
  /** Fetches platform certificates (e.g. `payClient.fetchPlatformCertificates(apiV3Key)`). */
  fetchCertificates?: () => Promise<PlatformCertificate[]>;
  /** An unknown serial triggers a fetch at most this often, so forged serials cannot flood WeChat. */
  minRefetchIntervalMs?: number;
  now?: () => number;
}

export class PlatformKeyring implements PlatformKeyResolver {
  private readonly publicKey?: { id: string; key: KeyObject };
  private certificates = new Map<string, KeyObject>();
  private lastFetchAtMs = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | null = null;

  constructor(private readonly options: PlatformKeyringOptions) {
    if (options.publicKey)
      this.publicKey = {
        id: options.publicKey.id,
        key: createPublicKey(options.publicKey.pem),
      };
  }

  async publicKeyFor(serial: string): Promise<KeyObject | undefined> {
    if (this.publicKey && serial === this.publicKey.id) return this.publicKey.key;
    const known = this.certificates.get(serial.toUpperCase());
    if (known || !this.options.fetchCertificates) return known;
    const now = this.options.now ?? Date.now;
    if (now() - this.lastFetchAtMs < (this.options.minRefetchIntervalMs ?? 60_000) && !this.inFlight) return undefined;
    await this.refresh();
    return this.certificates.get(serial.toUpperCase());
  }

  private refresh(): Promise<void> {
    const fetchCertificates = this.options.fetchCertificates;
    if (!fetchCertificates) return Promise.resolve();
    if (!this.inFlight) {
      this.lastFetchAtMs = (this.options.now ?? Date.now)();
      this.inFlight = fetchCertificates()
        .then((certificates) => {
          for (const certificate of certificates)
            this.certificates.set(certificate.serial.toUpperCase(), certificate.publicKey);
        })
        .finally(() => {
          this.inFlight = null;
        });
    }
    return this.inFlight;
  }
}

/** Public-key mode from WECHATPAY_PUBLIC_KEY/_ID; certificate mode when `fetchCertificates` is given. */
export function keyringFromConfig(
  config: Config,
  fetchCertificates?: () => Promise<PlatformCertificate[]>,
): PlatformKeyring {
  const { WECHATPAY_PUBLIC_KEY: path, WECHATPAY_PUBLIC_KEY_ID: id } = config;
  return new PlatformKeyring({
    publicKey: path && id ? { id, pem: readFileSync(path) } : undefined,
    fetchCertificates,
  });
}
