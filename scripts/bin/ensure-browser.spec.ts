import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The e2e step's browser check on a machine set up by the test: the places it looks, the
 * apt-get it would use and the user's rights are injected, so the real Chromium is never touched.
 */

const script = join(__dirname, 'ensure-browser.mjs');

function run(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** An executable shell script at `path`. */
function executable(path: string, body: string): string {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('ensure-browser', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tk-browser-'));
  });

  test('When a candidate exists, Then it is named and the check passes', () => {
    const browser = executable(join(dir, 'chromium'), 'echo Chromium 1.0');
    const result = run({ ENSURE_BROWSER_CANDIDATES: `${join(dir, 'absent')}:${browser}` });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`browser: ${browser}`);
  });

  test('When there is no browser and no apt-get, Then it says what to install and exits 1', () => {
    const missing = join(dir, 'chromium');
    const result = run({ ENSURE_BROWSER_CANDIDATES: missing, ENSURE_BROWSER_APT_GET: join(dir, 'apt-get') });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no Chromium found for the e2e tests');
    expect(result.stderr).toContain('sudo apt-get install -y chromium fonts-noto-cjk');
    expect(result.stderr).toContain('CHROMIUM_PATH=/path/to/chromium');
    expect(result.stderr).toContain(`looked at: ${missing}`);
  });

  test('When apt-get is there but the user is neither root nor a sudoer, Then apt-get is not run and it exits 1', () => {
    const calls = join(dir, 'calls');
    const apt = executable(join(dir, 'apt-get'), `echo "$@" >> ${calls}`);
    const result = run({
      ENSURE_BROWSER_CANDIDATES: join(dir, 'chromium'),
      ENSURE_BROWSER_APT_GET: apt,
      ENSURE_BROWSER_PRIVILEGE: 'none',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('not root and has no password-less sudo');
    expect(result.stderr).toContain('sudo apt-get install -y chromium fonts-noto-cjk');
    expect(existsSync(calls)).toBe(false);
  });

  test('When root may use apt-get, Then it installs chromium and fonts-noto-cjk and finds the browser', () => {
    const browser = join(dir, 'chromium');
    const calls = join(dir, 'calls');
    const apt = executable(
      join(dir, 'apt-get'),
      `echo "$@" >> ${calls}\ncase "$1" in install) printf '#!/bin/sh\\n' > ${browser}; chmod +x ${browser};; esac`,
    );
    const result = run({
      ENSURE_BROWSER_CANDIDATES: browser,
      ENSURE_BROWSER_APT_GET: apt,
      ENSURE_BROWSER_PRIVILEGE: 'root',
    });
    expect(result.status).toBe(0);
    expect(readFileSync(calls, 'utf8')).toBe('update -qq\ninstall -y -qq chromium fonts-noto-cjk\n');
    expect(result.stdout).toContain("installing Debian's Chromium");
    expect(result.stdout).toContain(`browser: ${browser}`);
  });

  test('When apt-get fails, Then it says so and what to install, and exits 1', () => {
    const apt = executable(join(dir, 'apt-get'), 'exit 100');
    const result = run({
      ENSURE_BROWSER_CANDIDATES: join(dir, 'chromium'),
      ENSURE_BROWSER_APT_GET: apt,
      ENSURE_BROWSER_PRIVILEGE: 'root',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('apt-get did not install Chromium');
    expect(result.stderr).toContain('no Chromium found for the e2e tests');
  });
});
