import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

// The built BFF (dist/bff/src/main.js) whether this file runs built or from source (tests).
const bffMain = __filename.endsWith('.ts')
  ? join(__dirname, '..', '..', '..', 'dist', 'bff', 'src', 'main.js')
  : join(__dirname, '..', '..', '..', 'bff', 'src', 'main.js');

/** One BFF process of the harness; SIGKILLed and started again (on a new port) by the faults. */
export class Instance {
  child: ChildProcess | undefined;
  url = '';
  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, [bffMain], {
      env: { ...process.env, ...this.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    try {
      this.url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /"url":"(http:[^"]+)"/.exec(out);
          if (match) resolve(match[1]);
          if (out.length > 8000) out = out.slice(-4000);
        });
        child.stderr?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
        });
        child.once('exit', (code) => reject(new Error(`BFF exited (${code}) before listening: ${out.slice(-400)}`)));
      });
    } catch (error) {
      this.child = undefined;
      throw error;
    }
  }

  kill(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}
