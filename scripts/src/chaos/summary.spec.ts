import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SeedResult } from './harness';
import { writeSummary } from './summary';

const seed = (n: number, violations: string[], ok: number): SeedResult => ({
  seed: n,
  ops: 10,
  acknowledged: ok,
  refused: 1,
  lost: 0,
  resolved: 0,
  unchecked: 0,
  people: 4,
  retries: 2,
  kills: 1,
  restarts: 0,
  notifications: {},
  kinds: { checkout: { ok, refused: 1, lost: 0, resolved: 0, unresolved: 0 } },
  violations,
  ms: 1000,
});

describe('chaos sweep summary', () => {
  test('When two seeds ran and one failed, Then the JSON names the failing seed and sums the kinds, and the markdown has one row per seed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-chaos-'));
    const [md, json] = writeSummary(dir, {
      command: 'npm run chaos -- --seeds 5',
      asked: 5,
      first: 7,
      results: [seed(7, [], 6), seed(8, ['person 1: holds 5 points'], 4)],
      ms: 2000,
    });
    const summary = JSON.parse(readFileSync(json, 'utf8'));
    expect(summary.seedsRun).toBe(2);
    expect(summary.seedsAsked).toBe(5);
    expect(summary.seedsWithViolations).toEqual([8]);
    expect(summary.kinds.checkout).toEqual({ ok: 10, refused: 2, lost: 0, resolved: 0, unresolved: 0 });
    expect(summary.totals.ops).toBe(20);
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('2 seeds run (of 5 asked) from seed 7');
    expect(text).toContain('| 7 | ok | 10 | 6 |');
    expect(text).toContain('| 8 | VIOLATION | 10 | 4 |');
    expect(text).toContain('- person 1: holds 5 points');
  });
});
