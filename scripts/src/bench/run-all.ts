import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheckoutBench } from './checkout-bench';
import { runCouponsBench } from './coupons-bench';
import { runImportBench } from './import';
import { runLedgerBench } from './ledger-bench';
import { runReportsBench } from './reports-bench';
import { runScaleBench } from './scale-bench';

/**
 * `npm run bench` with no name: every benchmark at small sizes (minutes, not hours), one after
 * the other, then one JSON with every result and a markdown table of the headline figures, each
 * beside its same-run baseline (raw mysql2 doing the same statements, or the plainest read) and
 * the ratio. The named benches keep their full-size defaults.
 */

export interface Figure {
  bench: string;
  figure: string;
  value: number | null;
  baseline?: { what: string; value: number };
  unit: string;
  /** Requests of this figure that failed (the figure is then not a clean measurement). */
  errors?: number;
}

/** Each bench's own result shape, read field by field. */
type Result = any;

interface Bench {
  name: string;
  settings: Record<string, unknown>;
  run(outDir: string, log: (line: string) => void): Promise<Result>;
  figures(result: Result): Figure[];
}

const benches: Bench[] = [
  {
    name: 'ledger',
    settings: { transfers: 300, concurrency: 8, members: 200, expireLots: 5000, poolSize: 10 },
    run: async (outDir, log) =>
      (
        await runLedgerBench({
          transfers: 300,
          concurrency: 8,
          members: 200,
          expireLots: 5000,
          poolSize: 10,
          outDir,
          log,
        })
      ).result,
    figures: (r) => [
      ...Object.entries(r.throughput as Record<string, Result>).map(([distribution, t]) => ({
        bench: 'ledger',
        figure: `transfers/s, ${distribution}`,
        value: t.ledgerMedian,
        baseline: { what: 'raw mysql2', value: t.rawMedian },
        unit: '/s',
      })),
      { bench: 'ledger', figure: 'lots expired/s', value: r.expiry?.lotsPerSecond ?? null, unit: '/s' },
    ],
  },
  {
    name: 'checkout',
    settings: { checkouts: 200, concurrency: 8, stores: 2, poolSize: 10 },
    run: async (outDir) =>
      (await runCheckoutBench({ checkouts: 200, concurrency: 8, stores: 2, poolSize: 10, outDir })).result,
    figures: (r) => [
      {
        bench: 'checkout',
        figure: 'checkouts/s over HTTP',
        value: r.checkout.bff.perSecond,
        baseline: { what: 'raw mysql2', value: r.checkout.rawMysql2.perSecond },
        unit: '/s',
        errors: r.checkout.bff.errors + r.checkout.rawMysql2.errors,
      },
      {
        bench: 'checkout',
        figure: 'scan p99',
        value: r.scan.p99Ms,
        baseline: { what: 'raw mysql2', value: r.scan.rawMysql2.p99Ms },
        unit: 'ms',
        errors: r.scan.errors + r.scan.rawMysql2.errors,
      },
      {
        bench: 'checkout',
        figure: 'one hot member, checkouts/s',
        value: r.hotMember.perSecond,
        unit: '/s',
        errors: r.hotMember.errors,
      },
    ],
  },
  {
    name: 'coupons',
    settings: { claims: 50, issueMembers: 2000 },
    run: () => runCouponsBench({ claims: 50, issueMembers: 2000 }),
    figures: (r) => [
      {
        bench: 'coupons',
        figure: 'concurrent claims/s',
        value: r.claims.plenty.claimsPerSecond,
        baseline: { what: 'GET /api/me', value: r.floor.requestsPerSecond },
        unit: '/s',
      },
      { bench: 'coupons', figure: 'batch issue, coupons/s', value: r.batchIssue.couponsPerSecond, unit: '/s' },
    ],
  },
  {
    name: 'import',
    settings: { rows: 5000, parallelism: 2 },
    run: (outDir) => runImportBench({ rows: 5000, parallelism: 2, resultsDir: outDir }),
    figures: (r) => [{ bench: 'import', figure: 'legacy rows imported/s', value: r.rowsPerSecond, unit: '/s' }],
  },
  {
    name: 'reports',
    settings: { transfers: 20_000, stores: 4, members: 2000, days: 30, runs: 3 },
    run: async (outDir, log) =>
      (await runReportsBench({ transfers: 20_000, stores: 4, members: 2000, days: 30, runs: 3, outDir, log })).result,
    figures: (r) =>
      Object.entries(r.timingsMs as Record<string, { median: number }>).map(([report, t]) => ({
        bench: 'reports',
        figure: `${report}, median`,
        value: t.median,
        unit: 'ms',
      })),
  },
  {
    name: 'scale',
    settings: { sizes: [3000], stores: 4, membersPerStore: 10 },
    run: async (outDir, log) =>
      (await runScaleBench({ transfers: 3000, sizes: [3000], stores: 4, membersPerStore: 10, outDir, log })).result,
    figures: (r) => {
      const size = r.sizes[0];
      const figure = (name: string, value: number | undefined, unit: string, errors?: number): Figure => ({
        bench: 'scale',
        figure: `${name} (${size.chain.transfers} transfers)`,
        value: value ?? null,
        unit,
        errors,
      });
      return [
        figure('GET /api/me p99', size.me?.p99Ms, 'ms', size.me?.errors),
        figure('scan p99', size.scan?.p99Ms, 'ms', size.scan?.errors),
        figure('checkout p99', size.checkout?.p99Ms, 'ms', size.checkout?.errors),
        figure('ledger audit', size.audit?.seconds * 1000, 'ms'),
      ];
    },
  },
];

export async function runAllBenches(options: { outDir: string; log: (line: string) => void }) {
  const started = new Date();
  const scratch = mkdtempSync(join(tmpdir(), 'tongka-bench-'));
  const results: Record<string, Result> = {};
  const figures: Figure[] = [];
  for (const bench of benches) {
    options.log(`bench ${bench.name} ${JSON.stringify(bench.settings)}`);
    const began = Date.now();
    try {
      const result = await bench.run(scratch, options.log);
      results[bench.name] = { settings: bench.settings, seconds: (Date.now() - began) / 1000, result };
      figures.push(...bench.figures(result));
    } catch (error) {
      results[bench.name] = { settings: bench.settings, error: (error as Error).message };
      figures.push({
        bench: bench.name,
        figure: `failed: ${(error as Error).message.slice(0, 80)}`,
        value: null,
        unit: '',
      });
    }
  }
  mkdirSync(options.outDir, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const base = join(options.outDir, `all-${stamp}`);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version };
  writeFileSync(
    `${base}.json`,
    `${JSON.stringify({ at: started.toISOString(), machine, figures, results }, null, 2)}\n`,
  );
  const table = markdownTable(figures);
  writeFileSync(
    `${base}.md`,
    `# Benchmarks, ${started.toISOString()}\n\n\`npm run bench\` (every benchmark at its small size) on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}. JSON: \`all-${stamp}.json\`.\n\n${table}\n`,
  );
  return { files: [`${base}.md`, `${base}.json`], table };
}

export function markdownTable(figures: Figure[]): string {
  const show = (value: number | null | undefined) => (value === null || value === undefined ? '—' : String(value));
  return [
    '| bench | figure | value | baseline (same run) | ratio |',
    '| --- | --- | ---: | --- | ---: |',
    ...figures.map((f) => {
      const ratio = f.baseline && f.value !== null && f.baseline.value ? (f.value / f.baseline.value).toFixed(2) : '—';
      const baseline = f.baseline ? `${show(f.baseline.value)} ${f.unit} (${f.baseline.what})` : '—';
      const errors = f.errors ? ` (${f.errors} requests failed)` : '';
      return `| ${f.bench} | ${f.figure}${errors} | ${show(f.value)} ${f.unit} | ${baseline} | ${ratio} |`;
    }),
  ].join('\n');
}
