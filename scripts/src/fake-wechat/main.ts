import { runFakeWechat } from './run';

/** `node dist/scripts/src/fake-wechat/main.js --port 4100 --keys .keys [--public-key-mode] [--quiet]` */

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

runFakeWechat({
  port: argument('--port'),
  host: argument('--host'),
  keys: argument('--keys'),
  appid: argument('--appid'),
  secret: argument('--secret'),
  mchid: argument('--mchid'),
  publicKeyMode: process.argv.includes('--public-key-mode'),
  quiet: process.argv.includes('--quiet'),
}).catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
