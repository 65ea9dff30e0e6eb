import type { TopupRule } from '@tongka/shared-types';
import { AppError } from '../shared/app-error';

/**
 * "充500送50": the bonus of the highest step whose threshold the amount reaches (steps do not add
 * up: ¥1,000 under {¥500→¥50, ¥1,000→¥120} gets ¥120). The bonus is HQ-funded stored value kept in
 * its own lot, apart from the paid value.
 */
export function bonusFor(rule: TopupRule, amountFen: number): number {
  let bonusFen = 0;
  let reached = 0;
  for (const step of rule.bonuses) {
    if (amountFen >= step.thresholdFen && step.thresholdFen >= reached) {
      reached = step.thresholdFen;
      bonusFen = step.bonusFen;
    }
  }
  return bonusFen;
}

export function assertTopupAmount(rule: TopupRule, amountFen: number): void {
  if (amountFen < rule.minFen || amountFen > rule.maxFen) {
    throw new AppError('TOPUP_AMOUNT_OUT_OF_RANGE', `A top-up is between ${rule.minFen} and ${rule.maxFen} fen.`, {
      minFen: rule.minFen,
      maxFen: rule.maxFen,
    });
  }
}
