import pino, { type Logger } from 'pino';

/**
 * Paths never written to logs in clear: tokens, secrets, phone numbers, WeChat session keys and
 * login/phone codes in bodies (not every `code`: database and WeChat error codes must stay readable).
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.token',
  '*.password',
  '*.secret',
  '*.session_key',
  '*.sessionKey',
  '*.phone',
  '*.phoneNumber',
  '*.purePhoneNumber',
  '*.encryptedData',
  '*.pin',
  '*.currentPin',
  'body.token',
  'body.password',
  'body.secret',
  'body.code',
  'body.pin',
  'body.currentPin',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' } }, destination);
}

export type { Logger };
