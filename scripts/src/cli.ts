import { Command } from 'commander';
import { registerAdminCreateCommand } from './commands/admin-create';
import { registerAuditLedgerCommand } from './commands/audit-ledger';
import { registerBackfillReportsCommand } from './commands/backfill-reports';
import { registerBenchCommand } from './commands/bench';
import { registerFakeWechatCommand } from './commands/fake-wechat';
import { registerImportMembersCommand } from './commands/import-members';
import { registerJobCommand } from './commands/job';
import { registerMigrateCommand } from './commands/migrate';
import { registerOpenApiCommand } from './commands/openapi';
import { registerPosCommand } from './commands/pos';
import { registerReportCommand } from './commands/report';

/** `npm run cli -- <command>`: operations for a running chain. Each command lives in commands/. */
const program = new Command('tongka').description('Tongka operations CLI');
registerMigrateCommand(program);
registerFakeWechatCommand(program);
registerAdminCreateCommand(program);
registerImportMembersCommand(program);
registerAuditLedgerCommand(program);
registerJobCommand(program);
registerBenchCommand(program);
registerPosCommand(program);
registerReportCommand(program);
registerBackfillReportsCommand(program);
registerOpenApiCommand(program);

program.parseAsync(process.argv).catch((error) => {
  // One clear line and a non-zero exit; an AppError's code leads the line (e.g. INVALID_PERIOD).
  const code = (error as { code?: unknown }).code;
  const prefix = typeof code === 'string' && /^[A-Z_]+$/.test(code) ? `${code}: ` : '';
  process.stderr.write(`${prefix}${(error as Error).message}\n`);
  process.exit(1);
});
