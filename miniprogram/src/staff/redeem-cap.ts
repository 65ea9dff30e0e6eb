import { redeemCapFor } from '@tongka/shared-types/dist/redeem-cap';
import type { ScannedMember } from '../services/types';

export type ScanRedeemRule = ScannedMember['redeemRule'];

/**
 * The most points an order of `payableFen` may use: the BFF's own maths (shared-types
 * redeem-cap). Only a hint for the cashier: the preview's maxRedeemPoints is the authority.
 */
export function redeemCapOf(rule: ScanRedeemRule, payableFen: number, memberPoints: number): number {
  return redeemCapFor(rule, payableFen, memberPoints);
}
