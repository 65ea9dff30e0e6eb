import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signatureMatches, signParts } from './pos-signature';

const doc = readFileSync(join(__dirname, '../../../../docs/pos-api.md'), 'utf8');
const field = (name: string) => {
  const match = new RegExp(`^${name}:\\s+(.+)$`, 'm').exec(doc);
  if (!match) throw new Error(`docs/pos-api.md has no ${name}:`);
  return match[1].trim();
};

describe('the worked example in docs/pos-api.md', () => {
  const example = {
    secret: field('secret'),
    method: field('method'),
    pathWithQuery: field('path'),
    timestamp: field('timestamp'),
    nonce: field('nonce'),
    body: field('body'),
  };

  test('When recomputed with plain node crypto, Then the body hash and signature are the documented ones', () => {
    const bodyHash = createHash('sha256').update(example.body).digest('hex');
    expect(bodyHash).toBe(field('bodyHash'));
    const canonical = [example.method, example.pathWithQuery, example.timestamp, example.nonce, bodyHash].join('\n');
    expect(createHmac('sha256', example.secret).update(canonical).digest('hex')).toBe(field('signature'));
  });

  test('When the server signs the same parts, Then it agrees, and one changed byte does not verify', () => {
    expect(signParts(example.secret, example)).toBe(field('signature'));
    expect(signatureMatches(example.secret, example, field('signature'))).toBe(true);
    expect(signatureMatches(example.secret, { ...example, body: `${example.body} ` }, field('signature'))).toBe(false);
    expect(signatureMatches(example.secret, example, 'zz')).toBe(false);
  });

  test('When the GET example is recomputed, Then it is the documented signature', () => {
    const empty = createHash('sha256').update('').digest('hex');
    expect(doc).toContain(empty);
    const canonical = ['GET', '/api/pos/checkouts?date=2026-11-27', example.timestamp, 'a1b2c3d4e5f60718', empty].join(
      '\n',
    );
    expect(doc).toContain(createHmac('sha256', example.secret).update(canonical).digest('hex'));
  });

  test('When the phone-lookup examples are recomputed, Then they are the documented hashes and signatures', () => {
    const sign = (method: string, path: string, timestamp: string, nonce: string, body: string) => {
      const bodyHash = createHash('sha256').update(body).digest('hex');
      const canonical = [method, path, timestamp, nonce, bodyHash].join('\n');
      return { bodyHash, signature: createHmac('sha256', example.secret).update(canonical).digest('hex') };
    };
    const lookup = sign(
      'POST',
      '/api/pos/members/lookup-by-phone',
      example.timestamp,
      '3b9e0c7a2f6d4e15',
      '{"phone":"13912345678"}',
    );
    expect(doc).toContain(`bodyHash   ${lookup.bodyHash}`);
    expect(doc).toContain(`signature  ${lookup.signature}`);
    const poll = sign(
      'GET',
      '/api/pos/member-approvals/01JDV0APPR0000000000000000',
      '1795500030',
      '5d1f8b2c9e7a4036',
      '',
    );
    expect(doc).toContain(poll.signature);
  });
});
