#!/usr/bin/env node
/**
 * Prints the weapp main package and each subpackage size in KB (from dist/weapp) and fails when
 * one exceeds WeChat's 2048 KB limit. Main-package target is 600 KB: over it is a warning.
 */
const fs = require('node:fs');
const path = require('node:path');

const LIMIT_KB = 2048;
const MAIN_TARGET_KB = 600;
const distDir = path.resolve(__dirname, '..', 'dist', 'weapp');

function sizeOf(dir, skip = new Set()) {
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip.has(full)) continue;
    // Source maps are not uploaded with the package.
    if (entry.isDirectory()) bytes += sizeOf(full, skip);
    else if (!entry.name.endsWith('.map')) bytes += fs.statSync(full).size;
  }
  return bytes;
}

function main() {
  const appJsonPath = path.join(distDir, 'app.json');
  if (!fs.existsSync(appJsonPath)) {
    console.error(`size-report: ${appJsonPath} not found; run the weapp build first`);
    process.exit(1);
  }
  const appJson = JSON.parse(fs.readFileSync(appJsonPath, 'utf8'));
  const subRoots = (appJson.subPackages ?? appJson.subpackages ?? []).map((sub) => path.join(distDir, sub.root));
  const rows = [['main', sizeOf(distDir, new Set(subRoots))]];
  for (const root of subRoots) rows.push([path.relative(distDir, root), fs.existsSync(root) ? sizeOf(root) : 0]);

  let failed = false;
  for (const [name, bytes] of rows) {
    const kb = bytes / 1024;
    const flag =
      kb > LIMIT_KB ? '  OVER 2048 KB LIMIT' : name === 'main' && kb > MAIN_TARGET_KB ? '  (over 600 KB target)' : '';
    if (kb > LIMIT_KB) failed = true;
    console.log(`${name.padEnd(12)} ${kb.toFixed(1).padStart(8)} KB${flag}`);
  }
  const totalKb = rows.reduce((sum, [, bytes]) => sum + bytes, 0) / 1024;
  console.log(`${'total'.padEnd(12)} ${totalKb.toFixed(1).padStart(8)} KB`);
  process.exit(failed ? 1 : 0);
}

main();
