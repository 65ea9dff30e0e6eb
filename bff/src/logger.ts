import pino, { type Logger } from 'pino';

/** Paths never written to logs in clear: tokens, secrets, phone numbers, WeChat session keys. */
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
  '*.code',
  'body.token',
  'body.password',
  'body.secret',
  'body.code',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' } }, destination);
}

export type { Logger };
