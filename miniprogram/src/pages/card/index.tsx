import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApprovalCodePanel } from '../../components/approval-code-panel';
import { InviteBanner } from '../../components/invite-banner';
import { MemberApprovalSheet } from '../../components/member-approval-sheet';
import { MemberCodeCard } from '../../components/member-code-card';
import { useClock } from '../../hooks/use-clock';
import { formatFen } from '../../lib/money';
import { tierLabel } from '../../lib/tier-labels';
import { formatShanghaiDateTime, shanghaiDate } from '../../lib/time';
import { platform } from '../../platform';
import { ApiError, describeError } from '../../services/http';
import { fetchMe, loadMemberCodeSecret } from '../../services/member';
import { fetchPendingApprovals } from '../../services/member-approval';
import { getMember, getMeSnapshot, getStaffRoles } from '../../services/session';
import type { Me, MemberApproval, MemberCodeSecret } from '../../services/types';

interface Balances {
  me: Me;
  offline: boolean;
  savedAtMs: number;
}

function snapshotBalances(): Balances | null {
  const snapshot = getMeSnapshot();
  return snapshot ? { me: snapshot.me, offline: true, savedAtMs: snapshot.savedAtMs } : null;
}

/**
 * While the card is on screen the balances are read again every few seconds, on the code's
 * countdown tick, so points earned at the till show up while the member is still at the counter.
 */
export const BALANCE_REFRESH_MS = 5_000;
/** How long the "积分到账" notice stays. */
const ARRIVAL_NOTICE_MS = 10_000;

/** Home: the member code (works offline) and the balances (last known when offline), kept fresh while visible. */
export default function CardPage() {
  const nowMs = useClock(1000);
  const [secret, setSecret] = useState<MemberCodeSecret | null>(null);
  const [balances, setBalances] = useState<Balances | null>(snapshotBalances);
  const [error, setError] = useState('');
  const [arrival, setArrival] = useState<{ points: number; untilMs: number } | null>(null);
  // Requests waiting for the member (a large deduction at the till, a POS phone lookup), found on the same refresh.
  const [approvals, setApprovals] = useState<MemberApproval[]>([]);
  const answered = useRef(new Set<string>());
  const visible = useRef(false);
  const lastReadMs = useRef(0);
  const reading = useRef(false);
  // The points last read from the BFF on this page (not a stored snapshot): what a rise is measured from.
  const onlinePoints = useRef<{ memberId: string; points: number } | null>(null);

  const readApprovals = useCallback(async () => {
    try {
      const { items } = await fetchPendingApprovals();
      setApprovals(items.filter((item) => !answered.current.has(item.approvalId)));
    } catch {
      // Balances were read; a request missed now shows on the next refresh.
    }
  }, []);

  const readBalances = useCallback(async () => {
    if (reading.current) return;
    reading.current = true;
    lastReadMs.current = Date.now();
    try {
      const me = await fetchMe();
      const before = onlinePoints.current;
      // Another member now (a merge's survivor) is not points arriving: the phone page said what happened.
      if (before && before.memberId === me.id && me.points > before.points) {
        setArrival({ points: me.points - before.points, untilMs: Date.now() + ARRIVAL_NOTICE_MS });
      }
      onlinePoints.current = { memberId: me.id, points: me.points };
      setBalances({ me, offline: false, savedAtMs: Date.now() });
      setError('');
      await readApprovals();
    } catch (failure) {
      if (failure instanceof ApiError && failure.isNetwork) setBalances(snapshotBalances());
      else setError(describeError(failure));
    } finally {
      reading.current = false;
    }
  }, [readApprovals]);

  const refresh = useCallback(async () => {
    setError('');
    try {
      setSecret(await loadMemberCodeSecret());
    } catch (failure) {
      setError(describeError(failure));
    }
    await readBalances();
  }, [readBalances]);

  useEffect(() => {
    if (visible.current && nowMs - lastReadMs.current >= BALANCE_REFRESH_MS) readBalances();
  }, [nowMs, readBalances]);

  // On every show: coming back from phone binding (a merge) or the me page (a new code).
  useDidShow(() => {
    if (!getMember()) {
      Taro.reLaunch({ url: '/pages/index/index' });
      return;
    }
    visible.current = true;
    platform.raiseBrightness();
    refresh();
  });
  useDidHide(() => {
    visible.current = false;
    platform.restoreBrightness();
  });
  useEffect(() => () => platform.restoreBrightness(), []);
  usePullDownRefresh(() => {
    refresh().finally(() => Taro.stopPullDownRefresh());
  });

  const member = getMember();
  const staffRoles = getStaffRoles();
  const me = balances?.me;
  const expiringPoints = me?.expiringSoon.reduce((sum, lot) => sum + lot.points, 0) ?? 0;
  const firstExpiry = me?.expiringSoon.map((lot) => lot.expiresAt).sort()[0];

  return (
    <View className="tk-page">
      <View className="tk-hero" id="member-hero">
        <View className="tk-row">
          <View>
            <Text className="tk-hero__brand">通卡会员</Text>
            <Text className="tk-hero__tier" id="member-tier">
              {tierLabel(me?.tier ?? member?.tier)}
            </Text>
          </View>
          {balances?.offline && (
            <Text className="tk-badge tk-badge--offline" id="offline-badge">
              离线 · {formatShanghaiDateTime(balances.savedAtMs)} 的数据
            </Text>
          )}
        </View>
        <View className="tk-hero__balances">
          <View className="tk-hero__balance">
            <Text className="tk-hero__amount" id="member-points">
              {me ? me.points : '--'}
            </Text>
            <View className="tk-hero__caption">积分 · 各门店消费可抵现</View>
          </View>
          {/* Stored value is there to be topped up, so it shows even at ¥0.00. */}
          <View
            className="tk-hero__balance"
            id="member-stored-value-topup"
            onClick={() => Taro.navigateTo({ url: '/member/pages/topup/index' })}
          >
            <Text className="tk-hero__amount" id="member-stored-value">
              {me ? formatFen(me.storedValueFen) : '--'}
            </Text>
            <View className="tk-hero__caption">储值余额 · 充值 ›</View>
          </View>
          {/* Coupons have their own page (claim and use), so the tile shows even at 0. */}
          <View
            className="tk-hero__balance"
            id="card-open-coupons"
            onClick={() => Taro.navigateTo({ url: '/member/pages/coupons/index' })}
          >
            <Text className="tk-hero__amount" id="member-coupons">
              {me ? me.couponsAvailable : '--'}
            </Text>
            <View className="tk-hero__caption">可用优惠券 ›</View>
          </View>
        </View>
        {me?.homeStoreName && (
          <View className="tk-hero__caption" id="member-home-store">
            开卡门店：{me.homeStoreName}
          </View>
        )}
        {me && me.pointsDebt > 0 && (
          <View className="tk-hero__caption" id="member-points-debt">
            积分欠款 {me.pointsDebt}，之后消费所得积分会先用于偿还
          </View>
        )}
        {me && me.pendingPoints > 0 && (
          <View className="tk-hero__caption" id="member-pending-points">
            另有 {me.pendingPoints} 积分待确认
          </View>
        )}
      </View>

      {approvals[0] && (
        <MemberApprovalSheet
          approval={approvals[0]}
          nowMs={nowMs}
          onDone={() => {
            answered.current.add(approvals[0]?.approvalId ?? '');
            setApprovals((current) => current.slice(1));
          }}
        />
      )}
      {arrival && arrival.untilMs > nowMs && (
        <View className="tk-banner tk-banner--success" id="points-arrived">
          积分到账 +{arrival.points}
        </View>
      )}
      {expiringPoints > 0 && firstExpiry && (
        <View className="tk-banner tk-banner--warn" id="expiring-banner">
          {expiringPoints} 积分即将过期（最早 {shanghaiDate(firstExpiry)}
          ），记得到店使用。
        </View>
      )}
      <View className="tk-shortcuts" id="card-shortcuts">
        <Text
          id="card-open-coupon-center"
          onClick={() => Taro.navigateTo({ url: '/member/pages/coupon-center/index' })}
        >
          领券中心
        </Text>
        <Text id="card-open-rewards" onClick={() => Taro.navigateTo({ url: '/member/pages/rewards/index' })}>
          积分商城
        </Text>
        <Text id="card-open-pickups" onClick={() => Taro.navigateTo({ url: '/member/pages/pickups/index' })}>
          我的兑换
        </Text>
      </View>
      {member && !member.phoneBound && (
        <View
          className="tk-banner tk-banner--info"
          id="bind-phone-banner"
          onClick={() => Taro.navigateTo({ url: '/pages/phone/index' })}
        >
          绑定手机号，合并你在其他门店的积分和储值 ›
        </View>
      )}
      {error && <View className="tk-banner tk-banner--error">{error}</View>}
      <InviteBanner />

      {secret ? (
        <>
          <MemberCodeCard secret={secret} nowMs={nowMs} />
          <ApprovalCodePanel secret={secret} nowMs={nowMs} />
        </>
      ) : (
        <View className="tk-code-card tk-empty">会员码加载中…</View>
      )}

      {staffRoles.length > 0 && (
        <Button
          id="staff-entry"
          className="tk-button tk-button--gold"
          onClick={() => Taro.navigateTo({ url: '/staff/pages/scan/index' })}
        >
          店员收银台
        </Button>
      )}
    </View>
  );
}
