import { createPublicKey, type KeyObject, randomBytes, sign } from 'node:crypto';

/**
 * A minimal X.509 v3 certificate writer (DER by hand), so the fake needs no extra dependency.
 * Node can parse certificates but not create them; WeChat Pay's SDK (@fidm/x509) and node's
 * X509Certificate both read what this produces.
 */

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

function derOid(oid: string): Buffer {
  const parts = oid.split('.').map(Number);
  const bytes = [parts[0] * 40 + parts[1]];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let rest = part >> 7; rest > 0; rest >>= 7) chunk.unshift((rest & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

function derUtcTime(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-01-02T03:04:05.000Z → 260102030405Z
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return der(0x17, Buffer.from(text, 'ascii'));
}

function derName(commonName: string, organization: string): Buffer {
  const attribute = (oid: string, value: string) => der(0x31, der(0x30, derOid(oid), der(0x0c, Buffer.from(value))));
  return der(0x30, attribute('2.5.4.6', 'CN'), attribute('2.5.4.10', organization), attribute('2.5.4.3', commonName));
}

export interface SelfSignedCertInput {
  privateKey: KeyObject;
  commonName: string;
  organization: string;
  validDays: number;
}

/** Returns the PEM certificate and its serial number as 40 upper-case hex digits (WeChat's format). */
export function createSelfSignedCert(input: SelfSignedCertInput): {
  certPem: string;
  serial: string;
} {
  const serialBytes = randomBytes(20);
  serialBytes[0] = (serialBytes[0] & 0x7f) | 0x10; // positive and exactly 20 bytes long
  const sha256WithRsa = der(0x30, derOid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));
  const notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  const notAfter = new Date(Date.now() + input.validDays * 24 * 3600 * 1000);
  const name = derName(input.commonName, input.organization);
  const spki = createPublicKey(input.privateKey).export({
    type: 'spki',
    format: 'der',
  });
  const tbs = der(
    0x30,
    der(0xa0, der(0x02, Buffer.from([0x02]))),
    der(0x02, serialBytes),
    sha256WithRsa,
    name,
    der(0x30, derUtcTime(notBefore), derUtcTime(notAfter)),
    name,
    spki,
  );
  const signature = sign('sha256', tbs, input.privateKey);
  const cert = der(0x30, tbs, sha256WithRsa, der(0x03, Buffer.from([0x00]), signature));
  const base64Lines = cert.toString('base64').match(/.{1,64}/g) ?? [];
  const certPem = `-----BEGIN CERTIFICATE-----\n${base64Lines.join('\n')}\n-----END CERTIFICATE-----\n`;
  return { certPem, serial: serialBytes.toString('hex').toUpperCase() };
}
