export * from './common';
export * from './errors';
export * from './health';
export * from './member-code';
