/** Timing loops and figures shared by the benches. */

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export interface Latency {
  count: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

export function latency(samples: number[], errors: number): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
  return { count: samples.length, errors, p50Ms: round(at(50)), p99Ms: round(at(99)) };
}

/** Runs `total` calls with `concurrency` workers; each answers whether it went right. */
export async function measureCalls(total: number, concurrency: number, call: (i: number) => Promise<boolean>) {
  const samples: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t0 = performance.now();
        if (!(await call(i).catch(() => false))) errors += 1;
        samples.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { ...latency(samples, errors), perSecond: round(total / seconds, 1) };
}

export async function timedSeconds<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const t0 = performance.now();
  const value = await work();
  return { seconds: round((performance.now() - t0) / 1000), value };
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so two runs seed the same shape. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
