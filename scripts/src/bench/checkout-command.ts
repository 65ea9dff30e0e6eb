import type { Command } from 'commander';
import { runCheckoutBench } from './checkout-bench';

/** `npm run bench -- checkout`: BFF checkout throughput vs raw mysql2, scan p99, one hot member. */
export function registerCheckoutBench(bench: Command): void {
  bench
    .command('checkout')
    .description(
      'Checkout throughput through the BFF over HTTP vs raw mysql2 on the same MariaDB; scan p99; hot-member contention',
    )
    .option('--checkouts <n>', 'measured checkouts per side', '2000')
    .option('--concurrency <n>', 'concurrent cashiers', '32')
    .option('--stores <n>', 'stores the cashiers are spread over', '4')
    .option('--pool-size <n>', 'database connections (both sides)', '20')
    .option('--out <dir>', 'where to write the JSON', 'bench/results')
    .action(async (opts: { checkouts: string; concurrency: string; stores: string; poolSize: string; out: string }) => {
      const { file, result } = await runCheckoutBench({
        checkouts: Number(opts.checkouts),
        concurrency: Number(opts.concurrency),
        stores: Number(opts.stores),
        poolSize: Number(opts.poolSize),
        outDir: opts.out,
      });
      process.stdout.write(`${JSON.stringify(result, null, 2)}\nwritten to ${file}\n`);
      process.exit(0);
    });
}
