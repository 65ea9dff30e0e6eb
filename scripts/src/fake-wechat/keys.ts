import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSelfSignedCert } from './self-signed-cert';

/**
 * Key material of the fake, generated once into `keysDir` and reused so that a BFF configured
 * with these files keeps working across restarts of the fake.
 */
export interface FakeKeys {
  apiV3Key: string;
  merchant: {
    privateKeyPath: string;
    certPath: string;
    serial: string;
    certPem: string;
  };
  /** Platform-certificate mode: the key behind the certificate served by /v3/certificates. */
  platformCert: {
    privateKey: KeyObject;
    certPath: string;
    certPem: string;
    serial: string;
  };
  /** Public-key mode (pub_key.pem + PUB_KEY_ID_...): a separate key pair, as at WeChat Pay. */
  platformPublicKey: {
    privateKey: KeyObject;
    publicKeyPath: string;
    publicKeyId: string;
  };
}

interface KeyManifest {
  apiV3Key: string;
  merchantSerial: string;
  platformCertSerial: string;
  publicKeyId: string;
}

const files = {
  manifest: 'fake-wechat.json',
  merchantKey: 'merchant_key.pem',
  merchantCert: 'merchant_cert.pem',
  platformKey: 'platform_key.pem',
  platformCert: 'platform_cert.pem',
  publicKeyPrivate: 'pub_key_private.pem',
  publicKey: 'pub_key.pem',
};

function newRsaKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

function pem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function generateInto(dir: string): void {
  const merchantKey = newRsaKey();
  const merchant = createSelfSignedCert({
    privateKey: merchantKey,
    commonName: 'Tongka Fake Merchant',
    organization: 'Tongka',
    validDays: 3650,
  });
  const platformKey = newRsaKey();
  const platform = createSelfSignedCert({
    privateKey: platformKey,
    commonName: 'Tenpay.com Root CA (fake)',
    organization: 'Tenpay.com',
    validDays: 3650,
  });
  const publicKeyPrivate = newRsaKey();
  const manifest: KeyManifest = {
    // 32 printable characters, like the APIv3 key a merchant sets in the merchant platform.
    apiV3Key: randomBytes(24).toString('base64').replace(/[+/]/g, 'x').slice(0, 32),
    merchantSerial: merchant.serial,
    platformCertSerial: platform.serial,
    publicKeyId: `PUB_KEY_ID_01${randomBytes(16).toString('hex').toUpperCase()}`,
  };
  writeFileSync(join(dir, files.merchantKey), pem(merchantKey), {
    mode: 0o600,
  });
  writeFileSync(join(dir, files.merchantCert), merchant.certPem);
  writeFileSync(join(dir, files.platformKey), pem(platformKey), {
    mode: 0o600,
  });
  writeFileSync(join(dir, files.platformCert), platform.certPem);
  writeFileSync(join(dir, files.publicKeyPrivate), pem(publicKeyPrivate), {
    mode: 0o600,
  });
  writeFileSync(
    join(dir, files.publicKey),
    createPublicKey(publicKeyPrivate).export({ type: 'spki', format: 'pem' }).toString(),
  );
  // The manifest is written last: its presence means the set is complete.
  writeFileSync(join(dir, files.manifest), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
}

/** Generates under an exclusive lock file, so that two fakes starting at once agree on one set. */
function generateOnce(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, 'fake-wechat.lock');
  const deadline = Date.now() + 30_000;
  while (!existsSync(join(dir, files.manifest))) {
    let lock: number;
    try {
      lock = openSync(lockPath, 'wx');
    } catch {
      if (Date.now() > deadline) throw new Error(`Stale lock ${lockPath}: delete it and retry`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      continue;
    }
    try {
      if (!existsSync(join(dir, files.manifest))) generateInto(dir);
    } finally {
      closeSync(lock);
      unlinkSync(lockPath);
    }
  }
}

/** Loads the keys from `keysDir`, generating them on first use. */
export function loadOrCreateKeys(keysDir: string): FakeKeys {
  const dir = resolve(keysDir);
  generateOnce(dir);
  const manifest = JSON.parse(readFileSync(join(dir, files.manifest), 'utf8')) as KeyManifest;
  const path = (name: string) => join(dir, name);
  return {
    apiV3Key: manifest.apiV3Key,
    merchant: {
      privateKeyPath: path(files.merchantKey),
      certPath: path(files.merchantCert),
      certPem: readFileSync(path(files.merchantCert), 'utf8'),
      serial: manifest.merchantSerial,
    },
    platformCert: {
      privateKey: createPrivateKey(readFileSync(path(files.platformKey))),
      certPath: path(files.platformCert),
      certPem: readFileSync(path(files.platformCert), 'utf8'),
      serial: manifest.platformCertSerial,
    },
    platformPublicKey: {
      privateKey: createPrivateKey(readFileSync(path(files.publicKeyPrivate))),
      publicKeyPath: path(files.publicKey),
      publicKeyId: manifest.publicKeyId,
    },
  };
}
