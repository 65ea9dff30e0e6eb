import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { createDataSource } from '../../../bff/src/db/data-source';
import { inTransaction } from '../../../bff/src/db/tx';
import { createAdmin } from '../../../bff/src/domain/admins/create-admin';
import { loadCliConfigOrExit } from '../../../config';

/** `admin:create <username>`: password from --password, else ADMIN_PASSWORD, else a prompt. */
export function registerAdminCreateCommand(program: Command): void {
  program
    .command('admin:create')
    .description('create an HQ administrator')
    .argument('<username>')
    .option('--password <password>', 'the password (else ADMIN_PASSWORD, else asked)')
    .action(async (username: string, options: { password?: string }) => {
      const config = loadCliConfigOrExit(process.env);
      const password = options.password ?? process.env.ADMIN_PASSWORD ?? (await ask('password: '));
      if (password.length < 8) throw new Error('the password must be at least 8 characters');
      const dataSource = createDataSource(config.DATABASE_URL, { poolSize: 2 });
      await dataSource.initialize();
      try {
        const created = await inTransaction(dataSource, (tx) =>
          createAdmin(tx, { username, password, now: new Date(), actor: { type: 'system', id: 'cli' } }),
        );
        if (!created) throw new Error(`an admin named ${username} already exists`);
        process.stdout.write(`created admin ${username}\n`);
      } finally {
        await dataSource.destroy();
      }
    });
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}
