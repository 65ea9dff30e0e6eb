import type { Command } from 'commander';
import { type FakeWechatOptions, runFakeWechat } from '../fake-wechat/run';

export function registerFakeWechatCommand(program: Command): void {
  program
    .command('fake-wechat')
    .description('run the fake WeChat server (mini-program API and WeChat Pay v3) for demos and tests')
    .option('--port <port>', 'port to listen on (0: any free port)', '4100')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--keys <dir>', 'where the fake keeps its keys and certificates', '.keys')
    .option('--appid <appid>', 'mini-program appid it answers for (default WECHAT_APPID)')
    .option('--secret <secret>', 'mini-program secret it accepts (default WECHAT_SECRET)')
    .option('--mchid <mchid>', 'WeChat Pay merchant id (default WECHATPAY_MCHID)')
    .option('--public-key-mode', 'sign notifications in WeChat Pay public-key mode')
    .option('--quiet', 'no request log')
    .action((options: FakeWechatOptions) => runFakeWechat(options));
}
