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

/**
 * Waits for the member to answer a request (a large deduction or a phone-number lookup): polls its
 * state and prints every change, and meanwhile takes the member's 6-digit payment PIN typed at the
 * till. Answers the approved request, or null once it is declined, expired or used. The PIN is sent
 * once and never printed or kept.
 */
export async function waitForMember(
  pos: PosClient,
  approvalId: string,
  io: WaitIo,
): Promise<Record<string, any> | null> {
  io.write(`确认单号：${approvalId}\n`);
  io.write('请会员在手机上的会员卡中点「同意」，或由会员在此输入 6 位支付密码后按回车。\n');
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
      const pin = (next ?? '').trim();
      if (!pin) continue;
      if (!/^\d{6}$/.test(pin)) {
        io.write('支付密码为 6 位数字。\n');
        continue;
      }
      const entered = await pos.enterPin(approvalId, pin);
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
      const how =
        state.body.decidedWith === 'pin' ? '（支付密码）' : state.body.decidedWith === 'phone' ? '（手机）' : '';
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
      return '支付密码已锁定 15 分钟，请会员在手机上确认。';
    case 'PAYMENT_PIN_NOT_SET':
      return '会员未设置支付密码，请会员在手机上确认。';
    default:
      return `失败：${error.code ?? res.status} ${error.message ?? ''}`;
  }
}
