/** The ledger module: the only code that writes balances, transfers and lots (STYLE.md point 4). */

export { storeAccountId } from './account-ids';
export type { Account, AccountPurpose, OwnerType } from './accounts';
export { accountOf, findAccount, memberWallet } from './accounts';
export { auditLedger, type LedgerAudit } from './audit-ledger';
export { expiringSoon, getMemberBalances, type MemberBalances } from './balances';
export {
  type BulkImportInput,
  type BulkImportOutcome,
  type BulkImportRow,
  bulkImportOpeningBalances,
} from './bulk-import';
export { type ClawBackPointsInput, type ClawBackPointsResult, clawBackPoints } from './claw-back-points';
export { type EarnPointsInput, type EarnPointsResult, earnPoints } from './earn-points';
export { type DueLot, dueLots, type ExpireLotResult, expireLot } from './expire-lot';
export { expireLots } from './expire-lots';
export {
  POINTS_EXPIRING_KIND,
  type PointsExpiringPayload,
  queueExpiryReminders,
  REMINDER_WINDOW_DAYS,
} from './expiry-reminders';
export {
  DEFAULT_EXPIRY_RULE,
  expiryFor,
  insertExpiryRuleIfMissing,
  type PointsExpiryRule,
  readExpiryRule,
  writeExpiryRule,
} from './expiry-rule';
export { type GiftPointsInput, giftPoints } from './gift-points';
export { type HoldLotRemainderInput, holdLotRemainder } from './hold-lot';
export { listMemberLedger, type MemberLedgerItem } from './member-ledger';
export { getMemberOverview, type MemberOverviewParts, memberOverviewParts } from './member-overview';
export { type MoveMemberResult, moveMemberInto, undoMemberMove } from './move-member';
export {
  type EarnPendingPointsInput,
  earnPendingPoints,
  type PendingEarn,
  pendingEarnsOf,
  type VoidPendingEarnsInput,
  voidPendingEarns,
} from './pending-earns';
export { postTransfer, voidTransfer } from './pending-transfers';
export {
  type DuePendingEarn,
  duePendingEarns,
  type ReleasePendingEarnResult,
  releasePendingEarn,
} from './release-pending-earn';
export { type ReturnInput, returnPoints, returnStoredValue } from './return-points';
export { type ReverseTransferInput, reverseTransfer } from './reverse-transfer';
export { holdPoints, type SpendPointsInput, type SpendPointsResult, spendPoints } from './spend-points';
export {
  type CreditStoredValueInput,
  creditStoredValue,
  type DebitStoredValueInput,
  debitStoredValue,
} from './stored-value';
export { readTransfer, type TransferRecord } from './transfers';
export type { Asset, At, Cause, FundedBy, LotPortion, TransferKind, TransferStatus } from './types';
