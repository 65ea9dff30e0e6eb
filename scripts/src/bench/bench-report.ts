import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

const load = () => loadavg().map((n) => Number(n.toFixed(2)));

/**
 * The machine a bench ran on. The machine is shared: other work running during the measurement
 * shows up in the load averages.
 */
export function machineOf(mariadbVersion: string, loadAverageAtStart?: number[]) {
  return {
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryBytes: totalmem(),
    mariadbVersion,
    node: process.version,
    ...(loadAverageAtStart ? { loadAverageAtStart } : {}),
    loadAverageAtEnd: load(),
  };
}

export const loadAverage = load;

/** Writes `result` as `<outDir>/<bench>-<stamp>.json` (stamp: the ISO time, file-name safe). */
export function writeBenchJson(outDir: string, bench: string, result: unknown, stamp = fileStamp(new Date())): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${bench}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export const fileStamp = (at: Date) => at.toISOString().replace(/[:.]/g, '-');
