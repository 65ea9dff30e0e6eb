import type { Command } from 'commander';
import { createDataSource } from '../../../bff/src/db/data-source';
import { auditLedger } from '../../../bff/src/domain/ledger';
import { loadCliConfigOrExit } from '../../../config';

/**
 * `audit-ledger [--full]`: prints the ledger audit (incremental from its checkpoint unless --full)
 * and exits non-zero when an invariant is broken.
 */
export function registerAuditLedgerCommand(program: Command): void {
  program
    .command('audit-ledger')
    .description(
      'check the ledger invariants from the last checkpoint (transfers since then, every cached balance); exit 1 when they do not hold',
    )
    .option('--full', 'sum every transfer of the ledger instead (and reset the checkpoint)')
    .option('--json', 'print the whole audit as JSON')
    .action(async (options: { json?: boolean; full?: boolean }) => {
      const config = loadCliConfigOrExit(process.env);
      const dataSource = createDataSource(config.DATABASE_URL, { poolSize: 2 });
      await dataSource.initialize();
      const ticker = elapsedTicker(options.full ? 'full audit' : 'incremental audit');
      try {
        const audit = await auditLedger(dataSource, { scope: options.full ? 'full' : 'incremental' }).finally(
          ticker.stop,
        );
        if (options.json) {
          process.stdout.write(`${JSON.stringify(audit, null, 2)}\n`);
        } else {
          process.stdout.write(
            [
              `balanced: ${audit.balanced} (${audit.scope} audit)`,
              `POINTS sum: ${audit.assets.POINTS.sum}   CNY sum: ${audit.assets.CNY.sum}`,
              `mismatched accounts: ${audit.mismatchedAccounts.length}`,
              `negative member accounts: ${audit.negativeMemberAccounts.length}`,
              `lot mismatches: ${audit.lotMismatches.length}`,
              `history violations (rows rewritten or deleted): ${audit.historyViolations.length}`,
            ].join('\n') + '\n',
          );
          for (const finding of [
            ...audit.mismatchedAccounts,
            ...audit.negativeMemberAccounts,
            ...audit.lotMismatches,
            ...audit.historyViolations,
          ]) {
            process.stdout.write(`  ${JSON.stringify(finding)}\n`);
          }
        }
        process.exitCode = audit.balanced ? 0 : 1;
      } finally {
        await dataSource.destroy();
      }
    });
}

/**
 * The audit is a handful of set-based passes with no row count to show, so on a terminal it shows
 * that it is working and for how long (a full audit of a large ledger takes a while).
 */
function elapsedTicker(label: string): { stop: () => void } {
  if (!process.stderr.isTTY) return { stop: () => undefined };
  const started = Date.now();
  const draw = () => process.stderr.write(`\r${label}: ${Math.round((Date.now() - started) / 1000)} s`);
  const timer = setInterval(draw, 1000);
  draw();
  return {
    stop: () => {
      clearInterval(timer);
      process.stderr.write('\n');
    },
  };
}
