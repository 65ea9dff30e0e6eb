import type { AnyRoute } from '../route';
import { adminAccountRoutes } from './admin-accounts';
import { adminApprovalRoutes } from './admin-approvals';
import { adminAuditRoutes } from './admin-audit';
import { adminConsoleRoutes } from './admin-console';
import { adminIdentityRoutes } from './admin-identity';
import { adminJobListRoutes } from './admin-jobs';
import { adminReportRoutes } from './admin-reports';
import { adminRiskRoutes } from './admin-risk';
import { adminRuleRoutes } from './admin-rules';
import { adminSettlementRoutes } from './admin-settlements';
import { adminStoreRoutes } from './admin-stores';
import { adminWebhookRoutes } from './admin-webhooks';
import { authRoutes } from './auth';
import { couponRoutes } from './coupons';
import { engagementRoutes } from './engagement';
import { healthRoutes } from './health';
import { jobRoutes } from './jobs';
import { ledgerRoutes } from './ledger';
import { meIdentityRoutes } from './me-identity';
import { memberApprovalRoutes } from './member-approvals';
import { memberCodeRoutes } from './member-code';
import { payRoutes } from './pay';
import { posKeyRoutes, posRoutes } from './pos';
import { referralRoutes } from './referral';
import { rewardRoutes } from './rewards';
import { staffBindRoutes } from './staff-bind';
import { storeOpsRoutes } from './store-ops';

/** Every API route. Each domain adds its list here. */
export const allRoutes: AnyRoute[] = [
  ...healthRoutes,
  ...memberCodeRoutes,
  ...adminRuleRoutes,
  ...adminSettlementRoutes,
  ...storeOpsRoutes,
  ...authRoutes,
  ...staffBindRoutes,
  ...adminStoreRoutes,
  ...adminAuditRoutes,
  ...meIdentityRoutes,
  ...adminIdentityRoutes,
  ...ledgerRoutes,
  ...jobRoutes,
  ...couponRoutes,
  ...rewardRoutes,
  ...adminAccountRoutes,
  ...adminReportRoutes,
  ...adminApprovalRoutes,
  ...adminRiskRoutes,
  ...adminJobListRoutes,
  ...referralRoutes,
  ...adminConsoleRoutes,
  ...payRoutes,
  ...engagementRoutes,
  ...posKeyRoutes,
  ...posRoutes,
  ...adminWebhookRoutes,
  ...memberApprovalRoutes,
];
