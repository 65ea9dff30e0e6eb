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
});
