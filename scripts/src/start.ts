import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';

/**
 * `npm start`: check the demo's ports, build only what changed since the last start (the server,
 * the H5 mini-program, the HQ console: one line of progress each, the full build logs kept in
 * data/logs/), then run the demo, which prints the URLs.
 * Runs under tsx, so it needs no build of its own.
 */
const root = join(__dirname, '..', '..');
const logDir = join(root, 'data', 'logs');

/** The demo's ports: the setting that chooses each, and its default. */
export const DEMO_PORTS = [
  { setting: 'PORT', fallback: 3000, what: 'the BFF' },
  { setting: 'FAKE_WECHAT_PORT', fallback: 4100, what: 'the fake WeChat server' },
  { setting: 'H5_PORT', fallback: 10086, what: 'the H5 mini-program' },
] as const;

interface Build {
  name: string;
  /** data/logs/build-<log>.log */
  log: string;
  inputs: string[];
  /** a file the build writes; without it the build runs whatever the stamp says */
  output: string;
  stamp: string;
  command: string[];
  /** settings baked into the output (build-time defaults) */
  env: string[];
}

const BUILDS: Build[] = [
  {
    name: 'server (TypeScript)',
    log: 'server',
    inputs: ['shared-types/src', 'bff/src', 'scripts/src', 'config', 'tsconfig.base.json', 'tsconfig.node.json'],
    output: 'dist/scripts/src/demo.js',
    stamp: 'dist/.tongka-build-stamp',
    command: ['npm', 'run', 'build', '--silent'],
    env: [],
  },
  {
    name: 'H5 mini-program',
    log: 'h5',
    inputs: [
      'shared-types/src',
      'miniprogram/src',
      'miniprogram/config',
      'miniprogram/package.json',
      'miniprogram/babel.config.js',
    ],
    output: 'miniprogram/dist/h5/index.html',
    stamp: 'miniprogram/dist/.tongka-h5-build-stamp',
    command: ['npm', 'run', 'build:h5', '--silent'],
    env: ['TONGKA_API_BASE', 'TONGKA_FAKE_WECHAT_BASE'],
  },
  {
    name: 'HQ console',
    log: 'hq',
    inputs: ['shared-types/src', 'hq/src', 'hq/index.html', 'hq/vite.config.ts', 'hq/package.json', 'hq/tsconfig.json'],
    output: 'hq/dist/index.html',
    stamp: 'dist/.tongka-hq-build-stamp',
    command: ['npm', 'run', 'build:hq', '--silent'],
    env: [],
  },
];

/** A fingerprint of the inputs: every file's path, size and modification time (no contents read). */
export function fingerprint(base: string, inputs: string[], env: Record<string, string | undefined> = {}): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        if (entry !== 'node_modules' && entry !== 'dist') visit(join(path, entry));
      }
      return;
    }
    hash.update(`${relative(base, path)}\0${stat.size}\0${stat.mtimeMs}\n`);
  };
  for (const input of inputs) visit(join(base, input));
  for (const [name, value] of Object.entries(env)) hash.update(`env ${name}=${value ?? ''}\n`);
  return hash.digest('hex');
}

/** The first port (of the demo's three) something already listens on, with its setting. */
export async function takenPort(
  env: Record<string, string | undefined>,
  host = env.HOST || '127.0.0.1',
): Promise<{ setting: string; port: number; what: string } | null> {
  for (const { setting, fallback, what } of DEMO_PORTS) {
    const port = Number(env[setting] || fallback);
    if (port === 0) continue; // any free port
    if (!(await canListen(port, host))) return { setting, port, what };
  }
  return null;
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function runQuietly(build: Build, env: NodeJS.ProcessEnv): Promise<boolean> {
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, `build-${build.log}.log`);
  const started = Date.now();
  const tty = process.stdout.isTTY;
  const line = (suffix: string) => `Building the ${build.name} … ${suffix}`;
  process.stdout.write(line(''));
  const ticker = tty ? setInterval(() => process.stdout.write(`\r${line(`${seconds(started)} s`)}`), 1000) : null;
  return new Promise((resolve) => {
    const child = spawn(build.command[0], build.command.slice(1), {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('close', (code) => {
      if (ticker) clearInterval(ticker);
      writeFileSync(logPath, Buffer.concat(chunks).toString().replace(COLOUR_CODES, ''));
      const ok = code === 0;
      const result = ok ? `done in ${seconds(started)} s` : `failed (full log: ${relative(root, logPath)})`;
      // One line either way: rewritten in place on a terminal, completed at the end in a log.
      process.stdout.write(tty ? `\r${line(result)}\n` : `${result}\n`);
      if (!ok) process.stdout.write(`${lastLines(Buffer.concat(chunks).toString(), 30)}\n`);
      resolve(ok);
    });
  });
}

const seconds = (since: number) => Math.round((Date.now() - since) / 1000);
/** The build tools' colour codes (ESC [ ... m), which a log file does not want. */
const COLOUR_CODES = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const lastLines = (text: string, n: number) =>
  text.replace(COLOUR_CODES, '').trimEnd().split('\n').slice(-n).join('\n');

async function buildWhatChanged(env: NodeJS.ProcessEnv): Promise<boolean> {
  for (const build of BUILDS) {
    const print = fingerprint(root, build.inputs, Object.fromEntries(build.env.map((name) => [name, env[name]])));
    const stampPath = join(root, build.stamp);
    const current =
      existsSync(join(root, build.output)) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === print;
    if (current) {
      process.stdout.write(`The ${build.name} is up to date.\n`);
      continue;
    }
    if (!(await runQuietly(build, env))) return false;
    mkdirSync(join(stampPath, '..'), { recursive: true });
    writeFileSync(stampPath, print);
  }
  return true;
}

async function main(): Promise<void> {
  const env = process.env;
  // Before anything is built: a second `npm start` must not rebuild the H5 files under a running demo.
  const taken = await takenPort(env);
  if (taken) {
    process.stderr.write(
      `Port ${taken.port} (${taken.what}) is already in use, perhaps by another \`npm start\`: stop it, or choose another port with ${taken.setting}, e.g. ${taken.setting}=${taken.port + 1} npm start\n`,
    );
    process.exit(1);
  }
  if (!(await buildWhatChanged(env))) process.exit(1);
  const demo = spawn(process.execPath, [join(root, 'dist/scripts/src/demo.js')], { cwd: root, env, stdio: 'inherit' });
  // The demo stops its servers on either signal (a second one is ignored); this process waits for it.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => demo.kill(signal));
  demo.once('exit', (code) => process.exit(code ?? 0));
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`npm start failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
