import Taro from '@tarojs/taro';
import { getStaffRoles } from '../services/session';
import type { CheckoutResponse, ScanResponse, StaffRole } from '../services/types';

/**
 * What the cashier flow carries between its pages: the store being worked, the open scan and the
 * last receipt. Kept in storage so an H5 reload or a weapp page re-creation does not lose it.
 */
const KEYS = {
  storeId: 'tongka.staff.storeId',
  scan: 'tongka.staff.scan',
  receipt: 'tongka.staff.receipt',
};

export function currentStore(): StaffRole | null {
  const roles = getStaffRoles();
  const chosen = Taro.getStorageSync(KEYS.storeId);
  return roles.find((role) => role.storeId === chosen) ?? roles[0] ?? null;
}

export function chooseStore(storeId: string): void {
  Taro.setStorageSync(KEYS.storeId, storeId);
  Taro.removeStorageSync(KEYS.scan);
}

export interface OpenScan extends ScanResponse {
  storeId: string;
}

export function saveScan(scan: OpenScan): void {
  Taro.setStorageSync(KEYS.scan, scan);
}

/** The open scan for the store, or null when there is none or its 10 minutes are over. */
export function openScan(storeId: string, nowMs = Date.now()): OpenScan | null {
  const scan = Taro.getStorageSync(KEYS.scan) as OpenScan | '';
  if (!scan || scan.storeId !== storeId) return null;
  return new Date(scan.expiresAt).getTime() > nowMs ? scan : null;
}

export function clearScan(): void {
  Taro.removeStorageSync(KEYS.scan);
}

export function saveReceipt(receipt: CheckoutResponse): void {
  Taro.setStorageSync(KEYS.receipt, receipt);
}

/** The last receipt; one stored by an older build (no earn breakdown object) is not shown. */
export function lastReceipt(): CheckoutResponse | null {
  const receipt = Taro.getStorageSync(KEYS.receipt) as CheckoutResponse | '';
  if (!receipt || typeof receipt.earnBreakdown !== 'object' || !receipt.ruleVersion) return null;
  return receipt;
}
