#!/usr/bin/env node
// Finds the Chromium the browser tests drive; on Debian/Ubuntu installs it through apt when this
// user may (root, or sudo without a password); otherwise says exactly what to install and fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
].filter(Boolean);

const found = () => candidates.find((path) => existsSync(path));

function apt(prefix) {
  const run = (args) =>
    spawnSync(prefix[0] ?? args[0], prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  return (
    run(['apt-get', 'update', '-qq']).status === 0 &&
    run(['apt-get', 'install', '-y', '-qq', 'chromium', 'fonts-noto-cjk']).status === 0
  );
}

if (!found() && existsSync('/usr/bin/apt-get')) {
  const root = process.getuid?.() === 0;
  const sudo = !root && spawnSync('sudo', ['-n', 'true']).status === 0;
  if (root || sudo) {
    console.log("browser: installing Debian's Chromium (apt-get install chromium fonts-noto-cjk)");
    apt(root ? [] : ['sudo', '-n']);
  }
}
const path = found();
if (!path) {
  console.error(
    [
      'browser: no Chromium found for the e2e tests. Install one, then rerun:',
      '  Debian/Ubuntu: sudo apt-get install -y chromium fonts-noto-cjk',
      '  elsewhere: install Chromium or Chrome and set CHROMIUM_PATH=/path/to/chromium',
      `  looked at: ${candidates.join(', ')}`,
    ].join('\n'),
  );
  process.exit(1);
}
try {
  execFileSync(path, ['--version'], { stdio: 'ignore' });
} catch {}
console.log(`browser: ${path}`);
