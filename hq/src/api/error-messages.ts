import type { ErrorCode } from '@tongka/shared-types';
import { ERROR_MESSAGES } from '../../../miniprogram/src/services/error-messages';

/**
 * The BFF answers with a stable code and an English sentence meant for developers; HQ reads
 * Chinese. The mini-program's table already has a sentence for every code (it does not compile
 * otherwise), so the console reuses it and only rewords what an HQ operator sees differently.
 */
const HQ_WORDING: Partial<Record<ErrorCode, string>> = {
  UNAUTHENTICATED: '登录已过期，请重新登录。',
  FORBIDDEN: '当前账号没有权限进行此操作。',
  INVALID_CREDENTIALS: '用户名或密码错误。',
  TOO_MANY_ATTEMPTS: '登录失败次数过多，请稍后再试。',
  MEMBER_NOT_FOUND: '未找到该会员。',
  STORE_NOT_FOUND: '未找到该门店。',
  STORE_CODE_EXISTS: '门店编码已存在，请换一个编码。',
  INVALID_PHONE: '请输入正确的中国大陆手机号。',
  MERGE_NOT_UNDOABLE: '这次合并已无法撤销（已撤销过，或合并后的积分已被使用）。',
  JOB_NOT_FOUND: '没有这个任务。',
  JOB_ALREADY_RUNNING: '该任务正在运行，请稍后再试。',
  INSUFFICIENT_POINTS: '会员积分不足，无法扣减。',
  INSUFFICIENT_BALANCE: '会员储值余额不足，无法扣减。',
};

export const NETWORK_MESSAGE = '网络不可用，请检查网络后重试。';

/** A Chinese sentence for what the BFF refused, falling back on the HTTP status class. */
export function chineseMessageFor(code: string, status: number): string {
  const own = HQ_WORDING[code as ErrorCode] ?? ERROR_MESSAGES[code];
  if (own) return own;
  if (status === 401) return HQ_WORDING.UNAUTHENTICATED as string;
  if (status === 403) return HQ_WORDING.FORBIDDEN as string;
  if (status === 404) return '未找到相关记录。';
  if (status === 429) return '操作太频繁，请稍后再试。';
  if (status >= 500) return '服务暂时出错，请稍后重试。';
  return '操作未成功，请检查后重试。';
}
