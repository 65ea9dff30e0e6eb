#!/usr/bin/env node
// Builds shared-types and the Node code (bff, scripts, config) under a lock, so two `npm run bff`
// started at the same moment never load half-written files of each other's build. Whoever waits
// for a build that then finishes uses it instead of rewriting dist/ under a running process.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const lock = join(root, '.build.lock');
const STALE_MS = 5 * 60_000;

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tryLock() {
  try {
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return true;
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    let pid = 0;
    try {
      pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    } catch {}
    let age = 0;
    try {
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {}
    // A holder that died (or a lock left for minutes) is cleared; mkdir decides the next owner.
    if ((pid && !alive(pid)) || age > STALE_MS) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
let waited = false;
while (!tryLock()) {
  if (!waited) process.stderr.write('build: another build is running; waiting for it\n');
  waited = true;
  sleep(200);
}
try {
  if (!waited || process.env.BUILD_AGAIN === '1') {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-b', 'shared-types'], { cwd: root, stdio: 'inherit' });
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.node.json'], { cwd: root, stdio: 'inherit' });
  }
} finally {
  rmSync(lock, { recursive: true, force: true });
}
