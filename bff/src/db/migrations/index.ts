import { Foundation1732400000000 } from './1732400000000-foundation';
import { Ledger1732410000000 } from './1732410000000-ledger';
import { Identity1732420000000 } from './1732420000000-identity';
import { Instore1732430000000 } from './1732430000000-instore';
import { ScanSecretVersion1732430000001 } from './1732430000001-scan-secret-version';
import { PendingEarns1732436000000 } from './1732436000000-pending-earns';
import { LedgerReadPaths1732440000000 } from './1732440000000-ledger-read-paths';
import { CheckoutHomeStore1732441000000 } from './1732441000000-checkout-home-store';
import { ExactIds1732450000000 } from './1732450000000-exact-ids';
import { SessionVersions1732450000001 } from './1732450000001-session-versions';
import { CheckoutDayPaging1732451000000 } from './1732451000000-checkout-day-paging';
import { ScaleReadPaths1732452000000 } from './1732452000000-scale-read-paths';
import { CouponsRewards1732453000000 } from './1732453000000-coupons-rewards';
import { Referral1732454000000 } from './1732454000000-referral';
import { WechatPay1732455000000 } from './1732455000000-wechat-pay';
import { HqReports1732456000000 } from './1732456000000-hq-reports';
import { PosApi1732458000000 } from './1732458000000-pos-api';
import { Engagement1732459000000 } from './1732459000000-engagement';
import { SettlementRollupCoupons1732462000000 } from './1732462000000-settlement-rollup-coupons';
import { CouponGiftsMergeMoves1732463000000 } from './1732463000000-coupon-gifts-merge-moves';
import { MemberApprovals1732463100000 } from './1732463100000-member-approvals';
import { SignupRiskReportPaths1732463200000 } from './1732463200000-signup-risk-report-paths';
import { LedgerAuditCheckpoint1732463600000 } from './1732463600000-ledger-audit-checkpoint';
import { PortableSchema1732463700000 } from './1732463700000-portable-schema';
import { TwoPhaseHistory1732463710000 } from './1732463710000-two-phase-history';
import { StoreHqAccounts1732463720000 } from './1732463720000-store-hq-accounts';
import { MemberImports1732463900000 } from './1732463900000-member-imports';
import { ApprovalCodes1732464000000 } from './1732464000000-approval-codes';

/** Every migration, in order. Add new ones at the end (file names start with a timestamp). */
export const migrations = [
  Foundation1732400000000,
  Instore1732430000000,
  Identity1732420000000,
  Ledger1732410000000,
  ScanSecretVersion1732430000001,
  PendingEarns1732436000000,
  LedgerReadPaths1732440000000,
  CheckoutHomeStore1732441000000,
  CheckoutDayPaging1732451000000,
  ScaleReadPaths1732452000000,
  CouponsRewards1732453000000,
  ExactIds1732450000000,
  SessionVersions1732450000001,
  Referral1732454000000,
  WechatPay1732455000000,
  Engagement1732459000000,
  PosApi1732458000000,
  HqReports1732456000000,
  SettlementRollupCoupons1732462000000,
  CouponGiftsMergeMoves1732463000000,
  MemberApprovals1732463100000,
  SignupRiskReportPaths1732463200000,
  PortableSchema1732463700000,
  TwoPhaseHistory1732463710000,
  StoreHqAccounts1732463720000,
  LedgerAuditCheckpoint1732463600000,
  MemberImports1732463900000,
  ApprovalCodes1732464000000,
];
