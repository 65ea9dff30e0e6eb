import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('logger redaction', () => {
  test('When a log line carries phones, tokens, secrets or session keys or payment PINs, Then they are written as [redacted]', () => {
    const { lines, logger } = capture();
    logger.info({
      req: { headers: { authorization: 'Bearer abc.def.ghi' } },
      member: { phone: '13812345678', token: 'tok-123' },
      wechat: { session_key: 'c2Vzc2lvbg==', secret: 's3cr3t' },
      body: { code: '081xyz', password: 'hunter22', pin: '258013', currentPin: '731946' },
    });
    const line = lines.join('');
    for (const secret of [
      'abc.def.ghi',
      '13812345678',
      'tok-123',
      'c2Vzc2lvbg==',
      's3cr3t',
      '081xyz',
      'hunter22',
      '258013',
      '731946',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[redacted]');
  });
});
