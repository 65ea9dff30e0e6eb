import { randomFillSync } from 'node:crypto';
import { monotonicFactory as ulidMonotonicFactory, ulid as ulidWith } from 'ulid';

/**
 * ULIDs with their randomness drawn from a pooled buffer of cryptographic bytes. The `ulid`
 * package's own generator makes one random-bytes system call per character (16 per id, and it
 * looks the generator up again on every call), which showed up as the BFF's busiest function
 * under checkout load.
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;

function pooledRandom(): number {
  if (offset >= pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  return pool[offset++] / 256;
}

export function ulid(seedTime?: number): string {
  return ulidWith(seedTime, pooledRandom);
}

/** Ids that sort in creation order within this process, even within one millisecond. */
export function monotonicFactory(): (seedTime?: number) => string {
  return ulidMonotonicFactory(pooledRandom);
}
