import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedResult } from './harness';
import type { Tally } from './sender';

export interface SweepSummary {
  command: string;
  asked: number;
  first: number;
  results: SeedResult[];
  ms: number;
}

/** Writes chaos-<date>.json (every seed's counts) and chaos-<date>.md (the table) under `dir`. */
export function writeSummary(dir: string, sweep: SweepSummary): string[] {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const base = join(dir, `chaos-${stamp}`);
  const kinds: Record<string, Tally> = {};
  for (const result of sweep.results) {
    for (const [kind, tally] of Object.entries(result.kinds)) {
      kinds[kind] ??= { ok: 0, refused: 0, lost: 0, resolved: 0, unresolved: 0 };
      for (const field of Object.keys(tally) as Array<keyof Tally>) kinds[kind][field] += tally[field];
    }
  }
  const failing = sweep.results.filter((result) => result.violations.length > 0);
  const sum = (field: keyof SeedResult) =>
    sweep.results.reduce((total, result) => total + Number(result[field] as number), 0);
  const json = {
    command: sweep.command,
    seedsAsked: sweep.asked,
    seedsRun: sweep.results.length,
    firstSeed: sweep.first,
    seconds: Math.round(sweep.ms / 1000),
    seedsWithViolations: failing.map((result) => result.seed),
    totals: {
      ops: sum('ops'),
      acknowledged: sum('acknowledged'),
      refused: sum('refused'),
      lost: sum('lost'),
      resolved: sum('resolved'),
      unchecked: sum('unchecked'),
      retries: sum('retries'),
      kills: sum('kills'),
      restarts: sum('restarts'),
    },
    kinds,
    seeds: sweep.results,
  };
  writeFileSync(`${base}.json`, `${JSON.stringify(json, null, 2)}\n`);
  const rows = sweep.results.map(
    (r) =>
      `| ${r.seed} | ${r.violations.length === 0 ? 'ok' : 'VIOLATION'} | ${r.ops} | ${r.acknowledged} | ${r.refused} | ${r.lost} | ${r.resolved} | ${r.unchecked} | ${r.retries} | ${r.kills} | ${r.restarts} | ${Math.round(r.ms / 1000)} |`,
  );
  const kindRows = Object.entries(kinds)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, t]) => `| ${kind} | ${t.ok} | ${t.refused} | ${t.lost} | ${t.resolved} | ${t.unresolved} |`);
  const md = [
    `# Chaos sweep ${stamp.slice(0, 10)}`,
    '',
    `Command: \`${sweep.command}\``,
    '',
    `${sweep.results.length} seeds run (of ${sweep.asked} asked) from seed ${sweep.first} in ${json.seconds} s; ` +
      `${failing.length} with violations${failing.length ? ` (${failing.map((r) => r.seed).join(', ')})` : ''}.`,
    '',
    '## Per operation kind (all seeds)',
    '',
    '| kind | acknowledged | refused | answer lost | resolved by retry | unresolved |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...kindRows,
    '',
    '## Per seed',
    '',
    '| seed | outcome | ops | acknowledged | refused | lost | resolved | unchecked people | retries | KILLs | restarts | s |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    ...failing.flatMap((r) => [`Seed ${r.seed}:`, ...r.violations.map((v) => `- ${v}`), '']),
  ].join('\n');
  writeFileSync(`${base}.md`, `${md}\n`);
  return [`${base}.md`, `${base}.json`];
}
