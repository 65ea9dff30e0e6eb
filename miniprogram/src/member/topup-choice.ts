import type { TopupOptionsResponse } from '@tongka/shared-types';

/** The bonus an amount earns under HQ's steps (the highest step reached; mirrors the BFF's rule). */
export function bonusForAmount(options: Pick<TopupOptionsResponse, 'bonuses'>, amountFen: number): number {
  let bonusFen = 0;
  let reached = 0;
  for (const step of options.bonuses) {
    if (amountFen >= step.thresholdFen && step.thresholdFen >= reached) {
      reached = step.thresholdFen;
      bonusFen = step.bonusFen;
    }
  }
  return bonusFen;
}

/** Why an amount cannot be paid, in Chinese, or null when it can. */
export function amountProblem(options: Pick<TopupOptionsResponse, 'minFen' | 'maxFen'>, amountFen: number | null) {
  if (amountFen === null) return '请输入正确的金额（最多两位小数）。';
  if (amountFen < options.minFen || amountFen > options.maxFen)
    return `单次充值金额需在 ¥${(options.minFen / 100).toFixed(2)} 至 ¥${(options.maxFen / 100).toFixed(2)} 之间。`;
  return null;
}
