import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { useClock } from '../../../hooks/use-clock';
import { formatFen, parseYuanToFen } from '../../../lib/money';
import { numberInputType } from '../../../lib/number-input';
import { tierLabel } from '../../../lib/tier-labels';
import { describeError } from '../../../services/http';
import { previewCheckout } from '../../../services/staff';
import type { CheckoutResponse, ScannedMember } from '../../../services/types';
import { buildCheckoutRequest, type CheckoutForm, EMPTY_FORM } from '../../checkout-draft';
import { ConfirmSheet } from '../../components/confirm-sheet';
import { CouponPicker, couponRefusalOf } from '../../components/coupon-picker';
import { MemberApprovalPanel } from '../../components/member-approval-panel';
import { redeemCapOf } from '../../redeem-cap';
import { describeRedeemLimit, type RedeemLimit, redeemLimitOf } from '../../redeem-limit';
import { clearScan, currentStore, openScan, saveReceipt } from '../../staff-state';
import { useCheckoutSubmission } from '../../use-checkout-submission';
import { useMemberApproval } from '../../use-member-approval';

function Field({ label, hint, children }: { label: string; hint?: string; children: React.ReactNode }) {
  return (
    <View className="tk-field">
      <Text className="tk-field__label">{label}</Text>
      {children}
      {hint && <Text className="tk-field__hint">{hint}</Text>}
    </View>
  );
}

/**
 * The points cap shown for the typed amount, from the best source at hand: the preview's
 * maxRedeemPoints for this amount (the authority), else the maximum a refused redeem stated for
 * it, else the scan's redeem rule worked out here; 0 when the member may not spend. Without an
 * amount (or with a scan saved before the rule was sent) only the balance is known.
 */
function redeemCapFor(input: {
  member: ScannedMember;
  amountFen: number | null;
  previewed: { amountFen: number; maxRedeemPoints: number } | null;
  refused: RedeemLimit | null;
}): { cap: number; final: boolean; limit: RedeemLimit | null } {
  const { member, amountFen, previewed, refused } = input;
  if (member.spendBlocked) return { cap: 0, final: true, limit: null };
  // Older BFFs answer no maxRedeemPoints; then the preview says nothing about the cap.
  if (previewed && previewed.amountFen === amountFen && Number.isInteger(previewed.maxRedeemPoints)) {
    return { cap: previewed.maxRedeemPoints, final: true, limit: null };
  }
  if (refused && refused.amountFen === amountFen) {
    return { cap: Math.min(member.points, refused.maxPoints), final: true, limit: refused };
  }
  if (amountFen !== null && member.redeemRule) {
    return { cap: redeemCapOf(member.redeemRule, amountFen, member.points), final: false, limit: null };
  }
  return { cap: member.points, final: false, limit: null };
}

/** Checkout for the scanned member: form → preview sheet → submit once → receipt. */
export default function CheckoutPage() {
  // Read once per page: the scan cannot change while the cashier is on this page.
  const [store] = useState(currentStore);
  const [scan] = useState(() => (store ? openScan(store.storeId) : null));
  const { orderRef, submit, submitting } = useCheckoutSubmission(store?.storeId ?? '');
  const [form, setForm] = useState<CheckoutForm>(EMPTY_FORM);
  const [preview, setPreview] = useState<CheckoutResponse | null>(null);
  const [error, setError] = useState('');
  const [submitError, setSubmitError] = useState('');
  const [redeemLimit, setRedeemLimit] = useState<RedeemLimit | null>(null);
  // The last preview's cap, kept when the sheet is closed: it stays right while the amount does.
  const [previewed, setPreviewed] = useState<CheckoutResponse | null>(null);
  const [approvalCode, setApprovalCode] = useState('');
  const memberApproval = useMemberApproval(store?.storeId ?? '');
  const nowMs = useClock(1000);
  const update = (patch: Partial<CheckoutForm>) => setForm((current) => ({ ...current, ...patch }));

  if (!store || !scan) {
    return (
      <View className="tk-page tk-stack">
        <View className="tk-banner tk-banner--warn">扫码已失效，请重新扫描会员码。</View>
        <Button
          className="tk-button tk-button--primary"
          onClick={() => Taro.redirectTo({ url: '/staff/pages/scan/index' })}
        >
          重新扫码
        </Button>
      </View>
    );
  }
  const member = scan.member;
  const context = {
    scanId: scan.scanId,
    orderRef,
    points: member.points,
    storedValueFen: member.storedValueFen,
  };
  const coupons = member.coupons;
  const amountFen = parseYuanToFen(form.amountYuan);
  const redeem = redeemCapFor({ member, amountFen, previewed, refused: redeemLimit });
  const redeemHint = member.spendBlocked
    ? '该会员已冻结消费，不能用积分抵扣'
    : redeem.limit
      ? `${describeRedeemLimit({ ...redeem.limit, maxPoints: redeem.cap })}会员共 ${member.points} 积分`
      : amountFen
        ? `本单最多可用 ${redeem.cap} 积分，会员共 ${member.points} 积分${redeem.final ? '' : '，以预览为准'}`
        : `会员共 ${member.points} 积分，输入金额后显示本单可用上限`;

  const needsMember = Boolean(preview?.memberApproval?.approvalRequired && !preview.memberApproval.approved);
  const memberApproved =
    memberApproval.approval?.status === 'approved' && Date.parse(memberApproval.approval.expiresAt) > nowMs;

  const showPreview = async () => {
    const draft = buildCheckoutRequest(form, context);
    if (!draft.ok) {
      setError(draft.message);
      return;
    }
    setError('');
    setSubmitError('');
    try {
      const answer = await previewCheckout(store.storeId, draft.request);
      setPreview(answer);
      setPreviewed(answer);
      // An approval is bound to the previewed figures: a changed order asks again.
      memberApproval.reset();
      setRedeemLimit(null);
    } catch (failure) {
      const refusedLimit = redeemLimitOf(failure, draft.request.amountFen);
      setRedeemLimit(refusedLimit);
      setError(refusedLimit ? describeRedeemLimit(refusedLimit) : (couponRefusalOf(failure) ?? describeError(failure)));
    }
  };

  const confirm = async () => {
    const draft = buildCheckoutRequest(form, context);
    if (!draft.ok) return;
    setSubmitError('');
    const needsCode = preview?.selfSale?.approvalRequired && !preview.selfSale.approved;
    const withCode = needsCode ? { ...draft.request, selfSaleApprovalCode: approvalCode } : draft.request;
    const approvalId = needsMember ? memberApproval.approval?.approvalId : undefined;
    const request = approvalId ? { ...withCode, memberApprovalId: approvalId } : withCode;
    try {
      const receipt = await submit(request);
      saveReceipt(receipt);
      // The sale is done: the next one starts with a new scan, never this member's leftover one.
      clearScan();
      Taro.redirectTo({ url: '/staff/pages/receipt/index' });
    } catch (failure) {
      setSubmitError(couponRefusalOf(failure) ?? describeError(failure));
    }
  };

  const askMember = () => {
    const draft = buildCheckoutRequest(form, context);
    if (draft.ok) memberApproval.ask(draft.request);
  };

  const toggleCoupon = (code: string) =>
    update({
      couponCodes: form.couponCodes.includes(code)
        ? form.couponCodes.filter((c) => c !== code)
        : [...form.couponCodes, code],
    });

  return (
    <View className="tk-page">
      <View className="tk-panel">
        <View className="tk-muted" style={{ marginBottom: '16px' }}>
          会员 {member.phoneMasked ?? '未绑定手机号'} · {tierLabel(member.tier)} · 订单号 {orderRef}
        </View>
        <Field label="消费金额（元）">
          <Input
            id="checkout-amount"
            className="tk-input"
            type={numberInputType('money')}
            placeholder="0.00"
            value={form.amountYuan}
            onInput={(e) => update({ amountYuan: e.detail.value })}
          />
        </Field>
        {form.items.map((item, index) => (
          <View className="tk-row tk-field" key={item.rowId}>
            <Input
              id={`item-category-${index}`}
              className="tk-input"
              style={{ flex: 1, marginRight: '12px' }}
              placeholder="品类（选填）"
              value={item.category}
              onInput={(e) =>
                update({
                  items: form.items.map((it, i) => (i === index ? { ...it, category: e.detail.value } : it)),
                })
              }
            />
            <Input
              id={`item-amount-${index}`}
              className="tk-input"
              style={{ width: '220px' }}
              type={numberInputType('money')}
              placeholder="金额"
              value={item.amountYuan}
              onInput={(e) =>
                update({
                  items: form.items.map((it, i) => (i === index ? { ...it, amountYuan: e.detail.value } : it)),
                })
              }
            />
          </View>
        ))}
        <View
          id="add-item"
          className="tk-muted"
          style={{ marginBottom: '24px' }}
          onClick={() =>
            update({
              items: [...form.items, { rowId: `row-${Date.now()}`, category: '', amountYuan: '' }],
            })
          }
        >
          + 添加商品明细（选填，合计须等于消费金额）
        </View>
        <CouponPicker
          coupons={coupons}
          amountFen={amountFen}
          selectedCodes={form.couponCodes}
          onToggle={toggleCoupon}
        />
        <Field label="积分抵扣（积分）" hint={redeemHint}>
          <Input
            id="redeem-points"
            className="tk-input"
            type={numberInputType('points')}
            placeholder="0"
            value={form.redeemPointsText}
            onInput={(e) => update({ redeemPointsText: e.detail.value })}
          />
        </Field>
        <Text id="redeem-points-max" style={{ display: 'none' }}>
          {redeem.cap}
        </Text>
        <Field label="储值支付（元）" hint={`储值余额 ${formatFen(member.storedValueFen)}`}>
          <Input
            id="stored-value"
            className="tk-input"
            type={numberInputType('money')}
            placeholder="0.00"
            value={form.storedValueYuan}
            onInput={(e) => update({ storedValueYuan: e.detail.value })}
          />
        </Field>
      </View>
      {error && (
        <View className="tk-banner tk-banner--error" id="checkout-error">
          {error}
        </View>
      )}
      <Button id="preview-button" className="tk-button tk-button--primary" onClick={showPreview}>
        预览并确认
      </Button>
      {preview && (
        <ConfirmSheet
          preview={preview}
          submitting={submitting}
          error={submitError}
          onConfirm={confirm}
          onCancel={() => setPreview(null)}
          approvalCode={approvalCode}
          onApprovalCode={setApprovalCode}
          waitingForMember={needsMember && !memberApproved}
          memberApproval={
            needsMember && (
              <MemberApprovalPanel
                preview={preview}
                approval={memberApproval.approval}
                error={memberApproval.error}
                nowMs={nowMs}
                onAsk={askMember}
                onEntry={memberApproval.submitEntry}
              />
            )
          }
        />
      )}
    </View>
  );
}
