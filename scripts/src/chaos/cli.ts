import { formatSeed, runSeed } from './harness';

/** `npm run chaos -- --seeds N [--seed S]`: N seeds from S (default 1); exit 1 on a violation. */
async function main(argv: string[]): Promise<number> {
  const arg = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? Number(argv[index + 1]) : undefined;
  };
  const first = arg('--seed') ?? 1;
  const count = arg('--seeds') ?? 1;
  let violations = 0;
  let ops = 0;
  const started = Date.now();
  for (let seed = first; seed < first + count; seed++) {
    const result = await runSeed(seed);
    ops += result.ops;
    if (result.violations.length > 0) violations++;
    console.log(formatSeed(result));
  }
  console.log(
    `total: ${count} seeds from ${first}, ${ops} operations, ${violations} seeds with violations, ${Math.round((Date.now() - started) / 1000)}s`,
  );
  return violations === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
