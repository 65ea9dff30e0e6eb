import { loadConfigOrExit } from '../../config';
import { startBff } from './server';

/** `npm run bff`: the BFF alone, configured only by the environment. */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env, 'production');
  const bff = await startBff({ config });
  bff.deps.logger.info({ url: bff.url }, 'Tongka BFF listening');
  const stop = async () => {
    await bff.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`Tongka BFF failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
