import Taro from '@tarojs/taro';
import type { Reward } from '@tongka/shared-types';
import { formatFen } from '../lib/money';

const KEY = 'tongka.rewardChoice';

/** The item picked in the catalogue, handed to the confirmation page (pages pass no objects). */
export function saveRewardChoice(reward: Reward): void {
  Taro.setStorageSync(KEY, JSON.stringify(reward));
}

export function rewardChoice(): Reward | null {
  const raw = Taro.getStorageSync(KEY);
  if (typeof raw !== 'string' || !raw) return null;
  try {
    return JSON.parse(raw) as Reward;
  } catch {
    return null;
  }
}

/** 500 积分, or 400 积分 + ¥9.90 for an item with a cash part. */
export function priceText(reward: Pick<Reward, 'pointsPrice' | 'cashPriceFen'>, quantity = 1): string {
  const points = `${reward.pointsPrice * quantity} 积分`;
  return reward.cashPriceFen > 0 ? `${points} + ${formatFen(reward.cashPriceFen * quantity)}` : points;
}
