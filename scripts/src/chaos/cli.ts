import { formatSeed, runSeed, type SeedResult } from './harness';
import { writeSummary } from './summary';

/**
 * `npm run chaos -- --seeds N [--seed S] [--minutes M] [--out DIR] [--verbose]`: N seeds from S
 * (default 1), stopping early after M minutes; with --out, a markdown and a JSON summary with
 * per-seed outcome counts are written there. Exit 1 on a violation.
 */
async function main(argv: string[]): Promise<number> {
  const arg = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const first = Number(arg('--seed') ?? 1);
  const count = Number(arg('--seeds') ?? 1);
  const minutes = arg('--minutes') ? Number(arg('--minutes')) : undefined;
  const out = arg('--out');
  const verbose = argv.includes('--verbose');
  const started = Date.now();
  const results: SeedResult[] = [];
  for (let seed = first; seed < first + count; seed++) {
    if (minutes !== undefined && Date.now() - started > minutes * 60_000) break;
    const result = await runSeed(seed);
    results.push(result);
    console.log(formatSeed(result));
    if (verbose) console.log(`  kinds ${JSON.stringify(result.kinds)}`);
  }
  const violations = results.filter((result) => result.violations.length > 0).length;
  const ops = results.reduce((sum, result) => sum + result.ops, 0);
  console.log(
    `total: ${results.length} seeds from ${first} (of ${count} asked), ${ops} operations, ${violations} seeds with violations, ${Math.round((Date.now() - started) / 1000)}s`,
  );
  if (out) {
    const command = `npm run chaos -- ${argv.join(' ')}`;
    const files = writeSummary(out, { command, asked: count, first, results, ms: Date.now() - started });
    console.log(`written to ${files.join(' and ')}`);
  }
  return violations === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
