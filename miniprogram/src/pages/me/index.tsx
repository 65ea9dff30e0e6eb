import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { MessageReminders } from '../../components/message-reminders';
import { StaffInviteBind } from '../../components/staff-invite-bind';
import { StaffReferralLinks } from '../../components/staff-referral-links';
import { storeLabel } from '../../lib/store-label';
import { tierLabel } from '../../lib/tier-labels';
import { platform } from '../../platform';
import { checkHealth, type HealthState } from '../../services/health';
import { describeError } from '../../services/http';
import { deleteMyData, fetchMe, rotateMemberCodeSecret } from '../../services/member';
import { clearSession, getMember, getMeSnapshot, getStaffRoles } from '../../services/session';
import type { Me } from '../../services/types';

// Only trouble is worth a line on the member's page; a working service needs no badge.
const HEALTH_TEXT: Record<Exclude<HealthState, 'up'>, string> = {
  degraded: '服务异常，部分功能暂不可用',
  offline: '无法连接服务，显示的是离线数据',
};

const ROLE_TEXT: Record<string, string> = { clerk: '店员', manager: '店长' };

/** Account, staff invite binding, stores, code rotation, data deletion; a status line only when the service is in trouble. */
export default function MePage() {
  const [me, setMe] = useState<Me | null>(() => getMeSnapshot()?.me ?? null);
  const [health, setHealth] = useState<HealthState | 'checking'>('checking');
  const [message, setMessage] = useState('');
  const [staffRoles, setStaffRoles] = useState(getStaffRoles);

  const refresh = useCallback(() => {
    setStaffRoles(getStaffRoles());
    checkHealth().then(setHealth);
    fetchMe()
      .then(setMe)
      .catch(() => undefined);
  }, []);
  useDidShow(refresh);

  const rotate = async () => {
    try {
      await rotateMemberCodeSecret();
      setMessage('已更换会员码，旧码立即失效。');
    } catch (error) {
      setMessage(describeError(error));
    }
  };

  const confirmDelete = async () => {
    const { confirm } = await Taro.showModal({
      title: '删除我的数据',
      content: '将删除你在通卡的个人资料（手机号、会员码等）并退出登录，此操作不可撤销。确定继续？',
      confirmText: '删除',
      confirmColor: '#b42323',
    });
    if (!confirm) return;
    try {
      await deleteMyData();
      clearSession();
      platform.forgetDemoUser();
      // The launch page says what happened instead of silently opening a new empty card.
      Taro.reLaunch({ url: '/pages/index/index?deleted=1' });
    } catch (error) {
      setMessage(describeError(error));
    }
  };

  const switchUser = () => {
    clearSession();
    platform.forgetDemoUser();
    Taro.reLaunch({ url: '/pages/index/index' });
  };

  const member = getMember();
  return (
    <View className="tk-page">
      <View className="tk-panel">
        <View className="tk-panel__row">
          <Text className="tk-panel__label">手机号</Text>
          <Text className="tk-panel__value" id="me-phone">
            {me?.phoneMasked ?? '未绑定'}
          </Text>
        </View>
        <View className="tk-panel__row">
          <Text className="tk-panel__label">会员等级</Text>
          <Text className="tk-panel__value">{tierLabel(me?.tier ?? member?.tier)}</Text>
        </View>
        {me?.homeStoreName && (
          <View className="tk-panel__row">
            <Text className="tk-panel__label">开卡门店</Text>
            <Text className="tk-panel__value" id="me-home-store">
              {me.homeStoreName}
            </Text>
          </View>
        )}
        {(me?.referralCode ?? member?.referralCode) && (
          <View className="tk-panel__row">
            <View>
              <Text className="tk-panel__label tk-block">我的邀请码</Text>
              <Text className="tk-field__hint tk-block" id="me-referral-hint">
                好友开卡时填写或通过你分享的会员卡进入，即成为你邀请的好友
              </Text>
            </View>
            <Text className="tk-panel__value" id="me-referral-code">
              {me?.referralCode ?? member?.referralCode}
            </Text>
          </View>
        )}
        <View
          className="tk-panel__row"
          id="me-check-in"
          onClick={() => Taro.navigateTo({ url: '/member/pages/check-in/index' })}
        >
          <Text className="tk-panel__label">每日签到</Text>
          <Text className="tk-panel__value">签到领积分 ›</Text>
        </View>
        <View
          className="tk-panel__row"
          id="me-gift"
          onClick={() => Taro.navigateTo({ url: '/member/pages/gift/index' })}
        >
          <Text className="tk-panel__label">积分转赠</Text>
          <Text className="tk-panel__value">送积分给好友 ›</Text>
        </View>
        <View
          className="tk-panel__row"
          id="me-payment-pin"
          onClick={() => Taro.navigateTo({ url: '/member/pages/payment-pin/index' })}
        >
          <Text className="tk-panel__label">支付密码</Text>
          <Text className="tk-panel__value">手机不在身边时在收银台确认大额抵扣 ›</Text>
        </View>
        {!member?.phoneBound && (
          <View
            className="tk-panel__row"
            id="me-bind-phone"
            onClick={() => Taro.navigateTo({ url: '/pages/phone/index' })}
          >
            <Text className="tk-panel__label">绑定手机号</Text>
            <Text className="tk-panel__value">去绑定 ›</Text>
          </View>
        )}
      </View>

      {staffRoles.length > 0 && (
        <View>
          <View className="tk-section-title">我任职的门店</View>
          <View className="tk-panel" id="me-stores">
            {staffRoles.map((role) => (
              <View className="tk-panel__row" key={role.storeId}>
                <Text className="tk-panel__label">{storeLabel(role)}</Text>
                <Text className="tk-panel__value">{ROLE_TEXT[role.role] ?? role.role}</Text>
              </View>
            ))}
          </View>
        </View>
      )}

      <StaffInviteBind onBound={setStaffRoles} />

      <StaffReferralLinks roles={staffRoles} />
      <MessageReminders />

      {message && (
        <View className="tk-banner tk-banner--info" id="me-message">
          {message}
        </View>
      )}
      <View className="tk-stack">
        <Button id="rotate-code-button" className="tk-button tk-button--ghost" onClick={rotate}>
          换一个码
        </Button>
        {staffRoles.length > 0 && (
          <Button
            className="tk-button tk-button--gold"
            onClick={() => Taro.navigateTo({ url: '/staff/pages/scan/index' })}
          >
            店员收银台
          </Button>
        )}
        {platform.kind === 'h5' && (
          <Button id="switch-user-button" className="tk-button tk-button--ghost" onClick={switchUser}>
            切换演示用户
          </Button>
        )}
        <Button id="delete-data-button" className="tk-button tk-button--danger" onClick={confirmDelete}>
          删除我的数据
        </Button>
      </View>

      {health !== 'up' && health !== 'checking' && (
        <View className="tk-status" id="health-status" style={{ marginTop: '24px' }}>
          <View className={`tk-status__dot tk-status__dot--${health}`} />
          <Text>{HEALTH_TEXT[health]}</Text>
        </View>
      )}
    </View>
  );
}
