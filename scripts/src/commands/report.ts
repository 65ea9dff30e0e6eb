import { writeFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { createDataSource } from '../../../bff/src/db/data-source';
import { breakageReport } from '../../../bff/src/domain/reports/breakage-report';
import { couponReport } from '../../../bff/src/domain/reports/coupon-report';
import { dailyReport } from '../../../bff/src/domain/reports/daily-report';
import { toCsv } from '../../../bff/src/domain/reports/report-csv';
import { reportPeriod } from '../../../bff/src/domain/reports/report-period';
import { rewardReport } from '../../../bff/src/domain/reports/reward-report';
import { summaryReport } from '../../../bff/src/domain/reports/summary-report';
import { tierReport } from '../../../bff/src/domain/reports/tier-report';
import { assertStoreExists } from '../../../bff/src/domain/rules/rule-store';
import { localDate } from '../../../bff/src/domain/shared/chain-time';
import {
  COUPON_CSV_COLUMNS,
  DAILY_CSV_COLUMNS,
  REWARD_CSV_COLUMNS,
  rewardCsvRows,
  SUMMARY_CSV_COLUMNS,
} from '../../../bff/src/http/routes/admin-reports';
import { loadConfigOrExit } from '../../../config';

const REPORTS = ['summary', 'daily', 'tiers', 'breakage', 'coupons', 'rewards'] as const;
type ReportName = (typeof REPORTS)[number];
interface ReportOptions {
  from?: string;
  to?: string;
  store?: string;
  out?: string;
}

/**
 * `report <summary|daily|tiers|breakage|coupons|rewards> --from --to [--store] [--out file.csv]`: the HQ reports
 * from the database in DATABASE_URL, as CSV (to --out, else stdout; breakage as JSON).
 */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'export an HQ report as CSV: summary, daily, tiers, breakage, coupons, rewards (periods: chain-time dates, both included)',
    )
    .argument('<name>', REPORTS.join(' | '))
    .option('--from <date>', 'first day, YYYY-MM-DD')
    .option('--to <date>', 'last day, YYYY-MM-DD')
    .option('--store <id>', 'daily: one store only')
    .option('--out <file>', 'write here instead of stdout')
    .action(async (name: string, options: ReportOptions) => {
      if (!(REPORTS as readonly string[]).includes(name)) {
        throw new Error(`unknown report ${name}: use ${REPORTS.join(', ')}`);
      }
      const config = loadConfigOrExit(process.env, 'production');
      const dataSource = createDataSource(config.DATABASE_URL, { poolSize: 2 });
      await dataSource.initialize();
      const bar = new SingleBar(
        { format: `report ${name} [{bar}] {value}/{total} steps`, hideCursor: true },
        undefined,
      );
      bar.start(2, 0);
      try {
        const text = await render(name as ReportName, options, dataSource.manager, config.CHAIN_TIME_ZONE);
        bar.update(1);
        if (options.out) writeFileSync(options.out, text);
        else process.stdout.write(text);
        bar.update(2);
      } finally {
        bar.stop();
        await dataSource.destroy();
      }
      if (options.out) process.stderr.write(`written to ${options.out}\n`);
    });
}

async function render(
  name: ReportName,
  options: ReportOptions,
  db: Parameters<typeof tierReport>[0],
  zone: string,
): Promise<string> {
  if (name === 'tiers') return toCsv(['tier', 'members', 'points'], (await tierReport(db)).items);
  if (!options.from || !options.to) throw new Error(`report ${name} needs --from and --to (YYYY-MM-DD)`);
  const period = reportPeriod(options.from, options.to);
  if (name === 'summary') {
    const report = await summaryReport(db, period);
    const total = { storeId: 'TOTAL', storeCode: '', storeName: '', ...report.totals };
    return toCsv([...SUMMARY_CSV_COLUMNS], [...report.stores, total]);
  }
  if (name === 'daily') {
    if (options.store) await assertStoreExists(db, options.store);
    return toCsv([...DAILY_CSV_COLUMNS], (await dailyReport(db, period, options.store)).items);
  }
  if (name === 'coupons')
    return toCsv([...COUPON_CSV_COLUMNS], (await couponReport(db, period, zone, new Date())).items);
  if (name === 'rewards') return toCsv([...REWARD_CSV_COLUMNS], rewardCsvRows(await rewardReport(db, period, zone)));
  const report = await breakageReport(db, period, localDate(new Date(), zone), zone);
  return `${JSON.stringify(report, null, 2)}\n`;
}
