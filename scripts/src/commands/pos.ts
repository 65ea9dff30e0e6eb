import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { PosClient, type PosResponse } from '../pos/pos-client';

interface PosOptions {
  url?: string;
  key?: string;
  secret?: string;
  code?: string;
  amount?: string;
  points?: string;
  storedValue?: string;
  order?: string;
}

/** "88.5" / "88.50" / "88" yuan → fen, or null. */
export function yuanToFen(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/**
 * `pos`: a small terminal POS, the reference client for vendors. Scan (or type) the member code,
 * enter the amount and the points to use; it signs each request with the store's key and prints
 * the receipt. Anything not given as a flag is asked for.
 */
export function registerPosCommand(program: Command): void {
  program
    .command('pos')
    .description('a terminal POS: scan a member code, check out, print the receipt (signed requests)')
    .option('--url <url>', 'BFF base URL (or TONGKA_POS_URL)')
    .option('--key <keyId>', 'POS key id (or TONGKA_POS_KEY)')
    .option('--secret <secret>', 'POS key secret (or TONGKA_POS_SECRET)')
    .option('--code <code>', "the member's code (the scanner-gun string)")
    .option('--amount <yuan>', 'order amount in yuan, e.g. 88.50')
    .option('--points <n>', 'points to use (0 = none)')
    .option('--stored-value <yuan>', 'stored value to use in yuan (default 0)')
    .option('--order <no>', 'POS order number (default: generated); also the Idempotency-Key')
    .action(async (options: PosOptions) => {
      process.exitCode = await runPos(options);
    });
}

async function runPos(options: PosOptions): Promise<number> {
  const url = options.url ?? process.env.TONGKA_POS_URL;
  const keyId = options.key ?? process.env.TONGKA_POS_KEY;
  const secret = options.secret ?? process.env.TONGKA_POS_SECRET;
  if (!url || !keyId || !secret) {
    process.stderr.write('缺少配置：请提供 --url、--key、--secret（或环境变量 TONGKA_POS_URL/KEY/SECRET）。\n');
    return 2;
  }
  const ask = prompter();
  try {
    const pos = new PosClient(url.replace(/\/$/, ''), keyId, secret);
    const code = options.code ?? (await ask('请扫描或输入会员码：'));
    const scan = await pos.scan(code);
    if (!ok(scan)) return 1;
    const member = scan.body.member;
    process.stdout.write(
      `会员：${member.phoneMasked ?? '未绑定手机'}  积分 ${member.points}  储值 ${yuan(member.storedValueFen)}\n`,
    );
    const amountFen = yuanToFen(options.amount ?? (await ask('消费金额（元）：')));
    if (!amountFen) return fail('金额格式不正确，例如 88.50。');
    const pointsText = options.points ?? (await ask('使用积分（0 为不使用）：'));
    if (!/^\d{1,9}$/.test(pointsText.trim())) return fail('积分必须是整数。');
    const storedValueFen = yuanToFen(options.storedValue ?? '0');
    if (storedValueFen === null) return fail('储值金额格式不正确。');
    const orderNo = options.order ?? `POS-${Date.now()}-${randomBytes(2).toString('hex')}`;
    const body: Record<string, unknown> = { scanId: scan.body.scanId, amountFen };
    if (Number(pointsText) > 0) body.redeemPoints = Number(pointsText);
    if (storedValueFen > 0) body.storedValueFen = storedValueFen;
    const sale = await pos.checkout(orderNo, body);
    if (!ok(sale)) return 1;
    process.stdout.write(receipt(orderNo, amountFen, sale.body));
    return 0;
  } finally {
    ask.close();
  }
}

function receipt(orderNo: string, amountFen: number, sale: Record<string, any>): string {
  return [
    '========== 通卡会员小票 ==========',
    `订单号：${orderNo}`,
    `消费金额：${yuan(amountFen)}`,
    `积分抵扣：${sale.pointsRedeemed} 分（-${yuan(sale.pointsDiscountFen)}）`,
    `储值支付：${yuan(sale.storedValuePaidFen)}`,
    `现金应付：${yuan(sale.cashDueFen)}`,
    `本单积分：+${sale.pointsEarned}`,
    `积分余额：${sale.member.points}`,
    `储值余额：${yuan(sale.member.storedValueFen)}`,
    '==================================',
    '',
  ].join('\n');
}

function ok(res: PosResponse): boolean {
  if (res.status < 400) return true;
  const error = res.body?.error ?? { code: String(res.status), message: String(res.body) };
  process.stderr.write(`失败：${error.code} ${error.message}\n`);
  return false;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

/** Prompts on stdout and reads answers line by line (lines piped ahead of the prompt are kept). */
function prompter() {
  let rl: ReturnType<typeof createInterface> | null = null;
  let lines: AsyncIterator<string> | null = null;
  const ask = async (question: string): Promise<string> => {
    rl ??= createInterface({ input: process.stdin, terminal: false });
    lines ??= rl[Symbol.asyncIterator]();
    process.stdout.write(question);
    const next = await lines.next();
    if (next.done) throw new Error('输入已结束。');
    return next.value.trim();
  };
  return Object.assign(ask, { close: () => rl?.close() });
}
