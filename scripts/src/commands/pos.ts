import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { PosClient, type PosResponse } from '../pos/pos-client';
import { APPROVAL_STATES, waitForMember } from '../pos/wait-for-member';

interface PosOptions {
  url?: string;
  key?: string;
  secret?: string;
  code?: string;
  phone?: string;
  amount?: string;
  points?: string;
  storedValue?: string;
  order?: string;
  pollMs?: string;
}

/** A mainland mobile number (optionally +86, spaces or dashes): a phone lookup, not a member code. */
export function looksLikePhone(text: string): boolean {
  return /^(?:\+?86)?1\d{10}$/.test(text.replace(/[\s-]/g, ''));
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
    .option('--phone <number>', "the member's phone number: the member approves the lookup on their phone")
    .option('--amount <yuan>', 'order amount in yuan, e.g. 88.50')
    .option('--points <n>', 'points to use (0 = none)')
    .option('--stored-value <yuan>', 'stored value to use in yuan (default 0)')
    .option('--order <no>', 'POS order number (default: generated); also the Idempotency-Key')
    .option('--poll-ms <ms>', "how often to ask for the member's answer (default 2000)")
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
    const orderNo = options.order ?? `POS-${Date.now()}-${randomBytes(2).toString('hex')}`;
    const pollMs = Number(options.pollMs ?? 2_000);
    const io = {
      nextLine: ask.nextLine,
      takeLine: ask.takeLine,
      write: (text: string) => process.stdout.write(text),
      pollMs,
    };
    const scanned = await identify(pos, options, ask, orderNo, io);
    if (!scanned) return 1;
    const member = scanned.member;
    process.stdout.write(
      `会员：${member.phoneMasked ?? '未绑定手机'}  积分 ${member.points}  储值 ${yuan(member.storedValueFen)}\n`,
    );
    const amountFen = yuanToFen(options.amount ?? (await ask('消费金额（元）：')));
    if (!amountFen) return fail('金额格式不正确，例如 88.50。');
    const pointsText = options.points ?? (await ask('使用积分（0 为不使用）：'));
    if (!/^\d{1,9}$/.test(pointsText.trim())) return fail('积分必须是整数。');
    const storedValueFen = yuanToFen(options.storedValue ?? '0');
    if (storedValueFen === null) return fail('储值金额格式不正确。');
    const body: Record<string, unknown> = { scanId: scanned.scanId, amountFen };
    if (Number(pointsText) > 0) body.redeemPoints = Number(pointsText);
    if (storedValueFen > 0) body.storedValueFen = storedValueFen;
    let sale = await pos.checkout(orderNo, body);
    if (sale.status === 403 && sale.body?.error?.code === 'MEMBER_APPROVAL_REQUIRED') {
      // Above HQ's limit: the member approves this very body, then the same order number checks out
      // with the approval (a refused attempt stored nothing under the order number).
      process.stdout.write(
        `本单抵扣超过会员确认额度（积分 ${body.redeemPoints ?? 0} 分，储值 ${yuan(storedValueFen)}），需会员确认。\n`,
      );
      const asked = await pos.askApproval(`${orderNo}-APPROVAL`, { orderRef: orderNo, ...body });
      if (!ok(asked)) return 1;
      const approved = await waitForMember(pos, asked.body.approvalId, io);
      if (!approved) return 1;
      sale = await pos.checkout(orderNo, { ...body, memberApprovalId: approved.approvalId });
    }
    if (!ok(sale)) return 1;
    process.stdout.write(receipt(orderNo, amountFen, sale.body));
    return 0;
  } finally {
    ask.close();
  }
}

/**
 * The member and the scan to check out with: the scanner-gun string, or a phone number the member
 * approves on their phone (or with their payment PIN at the till).
 */
async function identify(
  pos: PosClient,
  options: PosOptions,
  ask: Prompter,
  orderNo: string,
  io: Parameters<typeof waitForMember>[2],
): Promise<Record<string, any> | null> {
  const typed = options.phone ?? options.code ?? (await ask('请扫描会员码或输入手机号：'));
  if (options.code || !looksLikePhone(typed)) {
    const scan = await pos.scan(typed);
    return ok(scan) ? scan.body : null;
  }
  const lookup = await pos.lookupByPhone(typed, `${orderNo}-LOOKUP`);
  if (!ok(lookup)) return null;
  process.stdout.write(`已请求会员确认手机号查询（${APPROVAL_STATES.pending}）。\n`);
  const approved = await waitForMember(pos, lookup.body.approvalId, io);
  return approved?.scan ?? null;
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

type Prompter = ReturnType<typeof prompter>;

/**
 * Prompts on stdout and reads answers line by line (lines piped ahead of the prompt are kept). A
 * line being waited for stays the next line until taken, so a wait that gave up on it (the member
 * approved on the phone first) does not swallow the operator's next answer.
 */
function prompter() {
  let rl: ReturnType<typeof createInterface> | null = null;
  let lines: AsyncIterator<string> | null = null;
  let pending: Promise<string | null> | null = null;
  /** The next line typed (null once the input has ended); the same promise until taken. */
  const nextLine = (): Promise<string | null> => {
    rl ??= createInterface({ input: process.stdin, terminal: false });
    lines ??= rl[Symbol.asyncIterator]();
    pending ??= lines.next().then((next) => (next.done ? null : next.value));
    return pending;
  };
  const takeLine = () => {
    pending = null;
  };
  const ask = async (question: string): Promise<string> => {
    process.stdout.write(question);
    const answer = await nextLine();
    takeLine();
    if (answer === null) throw new Error('输入已结束。');
    return answer.trim();
  };
  return Object.assign(ask, { nextLine, takeLine, close: () => rl?.close() });
}
