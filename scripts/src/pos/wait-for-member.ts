import type { PosClient, PosResponse } from './pos-client';

/** What the till shows for each state of a request to the member. */
export const APPROVAL_STATES: Record<string, string> = {
  pending: '等待会员确认',
  approved: '会员已同意',
  rejected: '会员已拒绝',
  expired: '已超时',
  used: '已使用',
};

export interface WaitIo {
  /** The next line the operator types (null when the input has ended): the same promise until taken. */
  nextLine: () => Promise<string | null>;
  /** Marks the line just read as consumed. */
  takeLine: () => void;
  write: (text: string) => void;
  /** How often to ask the server for the state (the documented 2 seconds by default). */
  pollMs: number;
}

const TICK = Symbol('tick');
const sleep = (ms: number) => new Promise<typeof TICK>((resolve) => setTimeout(() => resolve(TICK), ms));

/** A typed line: 6 digits are the payment PIN; "m" (or 码) before 6 digits is the one-time code on the card. */
export function tillEntry(line: string): { pin: string } | { approvalCode: string } | null {
  const text = line.trim();
  if (/^\d{6}$/.test(text)) return { pin: text };
  const code = /^(?:m|码)\s*(\d{6})$/i.exec(text);
  return code ? { approvalCode: code[1] as string } : null;
}

const DECIDED_WITH: Record<string, string> = { phone: '（手机）', pin: '（支付密码）', code: '（离线确认码）' };

/**
 * Waits for the member to answer a request (a large deduction or a phone-number lookup): polls its
 * state and prints every change, and meanwhile takes the member's 6-digit payment PIN typed at the
 * till, or the one-time code the member's card shows offline. Answers the approved request, or null
 * once it is declined, expired or used. The PIN is sent once and never printed or kept.
 */
export async function waitForMember(
  pos: PosClient,
  approvalId: string,
  io: WaitIo,
): Promise<Record<string, any> | null> {
  io.write(`确认单号：${approvalId}\n`);
  io.write('请会员在手机上的会员卡中点「同意」，或由会员在此输入 6 位支付密码后按回车。\n');
  io.write('会员手机没网时，输入 m 加会员卡「离线确认码」的 6 位数字（如 m482913）后按回车。\n');
  let shown = '';
  let inputEnded = false;
  for (;;) {
    const next: string | null | typeof TICK = await Promise.race(
      inputEnded ? [sleep(io.pollMs)] : [io.nextLine(), sleep(io.pollMs)],
    );
    let state: PosResponse;
    if (next === TICK) {
      state = await pos.approval(approvalId);
    } else {
      io.takeLine();
      if (next === null) inputEnded = true;
      if (!(next ?? '').trim()) continue;
      const entry = tillEntry(next ?? '');
      if (!entry) {
        io.write('支付密码为 6 位数字；离线确认码为 m 加 6 位数字。\n');
        continue;
      }
      const entered =
        'pin' in entry
          ? await pos.enterPin(approvalId, entry.pin)
          : await pos.enterApprovalCode(approvalId, entry.approvalCode);
      if (entered.status >= 400) {
        io.write(`${pinRefusal(entered)}\n`);
        continue;
      }
      // Read it back: an approved phone lookup's scan comes with the state only.
      state = await pos.approval(approvalId);
    }
    if (state.status >= 400) {
      io.write(`失败：${state.body?.error?.code ?? state.status} ${state.body?.error?.message ?? ''}\n`);
      return null;
    }
    const status = String(state.body.status);
    if (status !== shown) {
      shown = status;
      const how = DECIDED_WITH[String(state.body.decidedWith)] ?? '';
      io.write(`状态：${APPROVAL_STATES[status] ?? status}${status === 'approved' ? how : ''}\n`);
    }
    if (status === 'approved') return state.body;
    if (status !== 'pending') return null;
  }
}

function pinRefusal(res: PosResponse): string {
  const error = res.body?.error ?? {};
  switch (error.code) {
    case 'PAYMENT_PIN_INCORRECT':
      return `支付密码不正确，还可尝试 ${error.details?.attemptsLeft ?? '?'} 次。`;
    case 'PAYMENT_PIN_LOCKED':
      return '支付密码和离线确认码已锁定 15 分钟，请会员在手机上确认。';
    case 'APPROVAL_CODE_INCORRECT':
      return `离线确认码不正确，还可尝试 ${error.details?.attemptsLeft ?? '?'} 次。`;
    case 'APPROVAL_CODE_USED':
      return '这个离线确认码已经用过，请等会员卡上出现新的确认码。';
    case 'PAYMENT_PIN_NOT_SET':
      return '会员未设置支付密码，请会员在手机上确认。';
    default:
      return `失败：${error.code ?? res.status} ${error.message ?? ''}`;
  }
}
