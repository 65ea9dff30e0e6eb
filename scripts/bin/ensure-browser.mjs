#!/usr/bin/env node
// Finds the Chromium the browser tests drive; on Debian/Ubuntu installs it through apt when this
// user may (root, or sudo without a password); otherwise says exactly what to install and fails.
//
// For its own tests the places it looks can be replaced: ENSURE_BROWSER_CANDIDATES (paths joined
// by ":", instead of CHROMIUM_PATH and the usual places), ENSURE_BROWSER_APT_GET (the apt-get to
// use, default /usr/bin/apt-get) and ENSURE_BROWSER_PRIVILEGE ("root", "sudo" or "none" instead
// of asking the system).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = process.env;
export const candidates = env.ENSURE_BROWSER_CANDIDATES
  ? env.ENSURE_BROWSER_CANDIDATES.split(':').filter(Boolean)
  : [
      env.CHROMIUM_PATH,
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
    ].filter(Boolean);
const aptGet = env.ENSURE_BROWSER_APT_GET ?? '/usr/bin/apt-get';

const found = () => candidates.find((path) => existsSync(path));

function privilege() {
  if (env.ENSURE_BROWSER_PRIVILEGE) return env.ENSURE_BROWSER_PRIVILEGE;
  if (process.getuid?.() === 0) return 'root';
  return spawnSync('sudo', ['-n', 'true']).status === 0 ? 'sudo' : 'none';
}

function apt(prefix) {
  const run = (args) =>
    spawnSync(prefix[0] ?? aptGet, prefix.length ? [...prefix.slice(1), aptGet, ...args] : args, {
      stdio: 'inherit',
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  return (
    run(['update', '-qq']).status === 0 && run(['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk']).status === 0
  );
}

if (!found() && existsSync(aptGet)) {
  const may = privilege();
  if (may === 'root' || may === 'sudo') {
    console.log("browser: installing Debian's Chromium (apt-get install chromium fonts-noto-cjk)");
    if (!apt(may === 'root' ? [] : ['sudo', '-n'])) console.error('browser: apt-get did not install Chromium');
  } else {
    console.error('browser: apt-get is here but this user is not root and has no password-less sudo');
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
console.log(`browser: ${path}`);
