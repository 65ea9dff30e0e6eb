import type { Command } from 'commander';
import { createDataSource, runMigrations } from '../../../bff/src/db/data-source';
import { loadCliConfigOrExit } from '../../../config';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply the TypeORM migrations to DATABASE_URL and exit')
    .action(async () => {
      const url = loadCliConfigOrExit(process.env).DATABASE_URL;
      const dataSource = createDataSource(url, { poolSize: 2 });
      await dataSource.initialize();
      const applied = await runMigrations(dataSource);
      await dataSource.destroy();
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
    });
}
