import type { Command } from 'commander';

export function registerFakeWechatCommand(program: Command): void {
  program
    .command('fake-wechat')
    .description('run the fake WeChat server (mini-program API and WeChat Pay v3) for demos and tests')
    .allowUnknownOption(true)
    .action(async () => {
      // main.ts reads its own flags (--port, --keys, --public-key-mode, --quiet) from process.argv.
      await import('../fake-wechat/main');
    });
}
