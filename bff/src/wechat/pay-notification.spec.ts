import { createCipheriv, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { decryptAes256Gcm } from './aes-gcm';
import { verifyAndDecryptNotification } from './pay-notification';
import { PlatformKeyring } from './platform-keyring';

const apiV3Key = 'abcdefghijklmnopqrstuvwxyz012345';
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const serial = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const now = new Date('2026-01-02T03:04:05Z');

function seal(plaintext: string, associatedData = 'transaction', nonce = 'ABCDEFGHIJKL') {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]).toString('base64');
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext,
    associated_data: associatedData,
    nonce,
    original_type: 'transaction',
  };
}

function notification(
  options: { key?: typeof platform.privateKey; timestampS?: number; serialHeader?: string; ciphertext?: string } = {},
) {
  const resource = seal(JSON.stringify({ out_trade_no: 'T1', amount: { total: 100 } }));
  if (options.ciphertext) resource.ciphertext = options.ciphertext;
  const rawBody = Buffer.from(
    JSON.stringify({
      id: 'n1',
      create_time: 'x',
      event_type: 'TRANSACTION.SUCCESS',
      resource_type: 'encrypt-resource',
      summary: 's',
      resource,
    }),
  );
  const timestamp = String(options.timestampS ?? Math.floor(now.getTime() / 1000));
  const nonce = randomBytes(8).toString('hex');
  const signature = sign(
    'sha256',
    Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), rawBody, Buffer.from('\n')]),
    options.key ?? platform.privateKey,
  ).toString('base64');
  const headers = {
    'Wechatpay-Serial': options.serialHeader ?? serial,
    'Wechatpay-Signature': signature,
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
  };
  return { headers, rawBody, now };
}

const keys = (publicKey = platform.publicKey) => ({
  apiV3Key,
  platformKeys: new PlatformKeyring({
    fetchCertificates: async () => [{ serial, publicKey }],
  }),
});

describe('verifyAndDecryptNotification', () => {
  test('When signed by the platform key, Then the resource is decrypted; the serial matches case-insensitively', async () => {
    const result = await verifyAndDecryptNotification(notification({ serialHeader: serial.toLowerCase() }), keys());
    expect(result).toMatchObject({
      id: 'n1',
      eventType: 'TRANSACTION.SUCCESS',
      resource: { out_trade_no: 'T1', amount: { total: 100 } },
    });
  });

  test('When signed by another key, Then bad_signature', async () => {
    await expect(verifyAndDecryptNotification(notification({ key: other.privateKey }), keys())).rejects.toMatchObject({
      reason: 'bad_signature',
    });
  });

  test('When the serial is unknown, Then bad_signature', async () => {
    await expect(
      verifyAndDecryptNotification(notification({ serialHeader: 'PUB_KEY_ID_0000' }), keys()),
    ).rejects.toMatchObject({ reason: 'bad_signature' });
  });

  test('When the body differs from what was signed by one byte, Then bad_signature', async () => {
    const input = notification();
    input.rawBody = Buffer.from(input.rawBody.toString().replace('"s"', '"t"'));
    await expect(verifyAndDecryptNotification(input, keys())).rejects.toMatchObject({ reason: 'bad_signature' });
  });

  test('When the timestamp is 301 seconds off either way, Then stale; 299 seconds passes', async () => {
    const base = Math.floor(now.getTime() / 1000);
    await expect(verifyAndDecryptNotification(notification({ timestampS: base - 301 }), keys())).rejects.toMatchObject({
      reason: 'stale',
    });
    await expect(verifyAndDecryptNotification(notification({ timestampS: base + 301 }), keys())).rejects.toMatchObject({
      reason: 'stale',
    });
    await expect(verifyAndDecryptNotification(notification({ timestampS: base - 299 }), keys())).resolves.toBeDefined();
  });

  test('When the ciphertext was altered before signing, Then bad_ciphertext (the tag is checked)', async () => {
    const sealed = Buffer.from(seal('{"out_trade_no":"T1"}').ciphertext, 'base64');
    sealed[0] ^= 1;
    const input = notification({ ciphertext: sealed.toString('base64') });
    await expect(verifyAndDecryptNotification(input, keys())).rejects.toMatchObject({ reason: 'bad_ciphertext' });
  });

  test('When the key is a public-key-mode key, Then the PUB_KEY_ID selects it', async () => {
    const pem = platform.publicKey.export({ type: 'spki', format: 'pem' });
    const publicKeyMode = {
      apiV3Key,
      platformKeys: new PlatformKeyring({
        publicKey: { id: 'PUB_KEY_ID_0114', pem },
      }),
    };
    await expect(
      verifyAndDecryptNotification(notification({ serialHeader: 'PUB_KEY_ID_0114' }), publicKeyMode),
    ).resolves.toBeDefined();
  });
});

describe('decryptAes256Gcm', () => {
  test('When associated data differs, Then decryption throws', () => {
    const resource = seal('hello', 'transaction');
    expect(decryptAes256Gcm(resource, apiV3Key)).toBe('hello');
    expect(() => decryptAes256Gcm({ ...resource, associated_data: 'refund' }, apiV3Key)).toThrow();
  });
});

describe('PlatformKeyring', () => {
  test('When unknown serials arrive in a burst, Then certificates are fetched once per interval', async () => {
    let fetches = 0;
    const keyring = new PlatformKeyring({
      fetchCertificates: async () => {
        fetches += 1;
        return [{ serial, publicKey: platform.publicKey }];
      },
      minRefetchIntervalMs: 60_000,
    });
    expect(await keyring.publicKeyFor(serial)).toBeDefined();
    expect(await keyring.publicKeyFor('FORGED1')).toBeUndefined();
    expect(await keyring.publicKeyFor('FORGED2')).toBeUndefined();
    expect(fetches).toBe(1);
  });
});
