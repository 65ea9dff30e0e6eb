import {
  CheckoutRequestSchema,
  MemberApprovalListSchema,
  MemberApprovalParamsSchema,
  MemberApprovalRuleResponseSchema,
  MemberApprovalRuleSchema,
  MemberApprovalSchema,
  PaymentPinStatusSchema,
  PhoneLookupRequestSchema,
  PinEntryRequestSchema,
  PosMemberApprovalSchema,
  SetPaymentPinRequestSchema,
  StoreMemberApprovalParamsSchema,
  StoreParamsSchema,
} from '@tongka/shared-types';
import { inTransaction } from '../../db/tx';
import { approvalAtStore, toApproval } from '../../domain/member-approval/approval-row';
import { approveAtTill } from '../../domain/member-approval/approve-at-till';
import { type Decision, decideApproval } from '../../domain/member-approval/decide-approval';
import { listPendingApprovals } from '../../domain/member-approval/list-approvals';
import { paymentPinStatus, setPaymentPin } from '../../domain/member-approval/payment-pin';
import { posApproval, requestPhoneLookup } from '../../domain/member-approval/phone-lookup';
import { requestCheckoutApproval } from '../../domain/member-approval/request-approval';
import { dataCryptoOf } from '../../domain/members/deps-helpers';
import type { AuthContext } from '../auth-context';
import { type AnyRoute, defineRoute } from '../route';
import { hqRuleRoutes } from './admin-rules';
import { memberIdOf } from './auth';

const staffIdOf = (auth: AuthContext) => (auth.kind === 'member' ? auth.memberId : '');
const pos = (auth: AuthContext) => (auth.kind === 'pos' ? auth : { storeId: '', keyId: '' });

function memberDecision(decision: Decision): AnyRoute {
  return defineRoute({
    method: 'post',
    path: `/api/me/member-approvals/:id/${decision}`,
    summary:
      decision === 'approve'
        ? 'The member approves a pending request on their phone (a double tap answers the same; 409 once declined)'
        : 'The member declines a pending request (409 once approved: approve and decline at once, one wins)',
    tag: 'member-approval',
    auth: 'member',
    params: MemberApprovalParamsSchema,
    response: MemberApprovalSchema,
    handle: ({ deps, auth, params }) =>
      inTransaction(deps.dataSource, (tx) =>
        decideApproval(tx, {
          approvalId: params.id,
          memberId: memberIdOf(auth),
          decision,
          with: 'phone',
          now: deps.clock.now(),
        }),
      ),
  });
}

/** The member's side: the requests waiting on the card, the decision, the payment PIN. */
const memberRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/me/member-approvals',
    summary: "Requests waiting for the member's approval (large deductions, POS phone lookups), for the card",
    tag: 'member-approval',
    auth: 'member',
    response: MemberApprovalListSchema,
    handle: ({ deps, auth }) => listPendingApprovals(deps.dataSource.manager, memberIdOf(auth), deps.clock.now()),
  }),
  memberDecision('approve'),
  memberDecision('reject'),
  defineRoute({
    method: 'get',
    path: '/api/me/payment-pin',
    summary: 'Whether the member set a payment PIN, and until when it is locked after wrong tries',
    tag: 'member-approval',
    auth: 'member',
    response: PaymentPinStatusSchema,
    handle: ({ deps, auth }) => paymentPinStatus(deps.dataSource.manager, memberIdOf(auth), deps.clock.now()),
  }),
  defineRoute({
    method: 'put',
    path: '/api/me/payment-pin',
    summary: 'Sets the 6-digit payment PIN (the till fallback); changing it takes currentPin',
    tag: 'member-approval',
    auth: 'member',
    body: SetPaymentPinRequestSchema,
    response: PaymentPinStatusSchema,
    handle: ({ deps, auth, body }) =>
      setPaymentPin(deps.dataSource, {
        memberId: memberIdOf(auth),
        pin: body.pin,
        currentPin: body.currentPin,
        now: deps.clock.now(),
      }),
  }),
];

/** The cashier's side, at /api/stores/:storeId/... */
const storeRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/stores/:storeId/member-approvals',
    summary: 'Asks the member to approve this checkout body (bound to its scan, amount and deduction; 2 minutes)',
    tag: 'member-approval',
    auth: 'staff',
    idempotent: true,
    status: 201,
    params: StoreParamsSchema,
    body: CheckoutRequestSchema,
    response: MemberApprovalSchema,
    handle: ({ deps, auth, params, body, tx }) =>
      requestCheckoutApproval(tx!, deps, { storeId: params.storeId, requestedBy: staffIdOf(auth), body }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/stores/:storeId/member-approvals/:id',
    summary: 'The state of a request (pending, approved, rejected, expired, used), polled by the till',
    tag: 'member-approval',
    auth: 'staff',
    params: StoreMemberApprovalParamsSchema,
    response: MemberApprovalSchema,
    async handle({ deps, params }) {
      const row = await approvalAtStore(deps.dataSource.manager, params.storeId, params.id);
      return toApproval(row, deps.clock.now());
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/stores/:storeId/member-approvals/:id/pin',
    summary:
      "The member's payment PIN (pin) or the one-time code on their card (approvalCode) typed at the till approves a pending request (5 wrong tries of either lock both)",
    tag: 'member-approval',
    auth: 'staff',
    params: StoreMemberApprovalParamsSchema,
    body: PinEntryRequestSchema,
    response: MemberApprovalSchema,
    handle: ({ deps, params, body }) =>
      approveAtTill(deps, { storeId: params.storeId, approvalId: params.id, entry: body }),
  }),
];

/** The same for a signed POS (its key's store), plus the phone-number lookup. */
const posApprovalRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/pos/member-approvals',
    summary: 'Asks the member to approve this checkout body (large deductions)',
    tag: 'pos',
    auth: 'pos',
    idempotent: true,
    status: 201,
    body: CheckoutRequestSchema,
    response: MemberApprovalSchema,
    handle: ({ deps, auth, body, tx }) =>
      requestCheckoutApproval(tx!, deps, { storeId: pos(auth).storeId, requestedBy: pos(auth).keyId, body }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/pos/members/lookup-by-phone',
    summary: 'Looks a member up by phone number: a request the member approves on their phone (nothing else answered)',
    tag: 'pos',
    auth: 'pos',
    idempotent: true,
    status: 201,
    body: PhoneLookupRequestSchema,
    response: MemberApprovalSchema,
    rateLimit: ({ auth }) => [['pos-phone-lookup', pos(auth).storeId]],
    handle: ({ deps, auth, body, tx }) =>
      requestPhoneLookup(tx!, dataCryptoOf(deps), {
        storeId: pos(auth).storeId,
        keyId: pos(auth).keyId,
        phone: body.phone,
        now: deps.clock.now(),
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/pos/member-approvals/:id',
    summary: 'The state of a request; an approved phone lookup carries the scan to check out with',
    tag: 'pos',
    auth: 'pos',
    params: MemberApprovalParamsSchema,
    response: PosMemberApprovalSchema,
    handle: ({ deps, auth, params }) =>
      posApproval(deps.dataSource.manager, dataCryptoOf(deps), {
        storeId: pos(auth).storeId,
        approvalId: params.id,
        now: deps.clock.now(),
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/pos/member-approvals/:id/pin',
    summary:
      "The member's payment PIN (pin) or the one-time code on their card (approvalCode) typed at the POS approves a pending request",
    tag: 'pos',
    auth: 'pos',
    params: MemberApprovalParamsSchema,
    body: PinEntryRequestSchema,
    response: MemberApprovalSchema,
    handle: ({ deps, auth, params, body }) =>
      approveAtTill(deps, { storeId: pos(auth).storeId, approvalId: params.id, entry: body }),
  }),
];

export const memberApprovalRoutes: AnyRoute[] = [
  ...hqRuleRoutes(
    'member-approval',
    '/api/admin/member-approval-rule',
    MemberApprovalRuleSchema,
    MemberApprovalRuleResponseSchema,
  ),
  ...memberRoutes,
  ...storeRoutes,
  ...posApprovalRoutes,
];
