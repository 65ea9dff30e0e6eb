import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { MessageReminders } from '../../components/message-reminders';
import { StaffReferralLinks } from '../../components/staff-referral-links';
import { storeLabel } from '../../lib/store-label';
import { tierLabel } from '../../lib/tier-labels';
import { platform } from '../../platform';
import { checkHealth, type HealthState } from '../../services/health';
import { describeError } from '../../services/http';
import { deleteMyData, fetchMe, rotateMemberCodeSecret } from '../../services/member';
import { clearSession, getMember, getMeSnapshot, getStaffRoles } from '../../services/session';
import type { Me } from '../../services/types';

const HEALTH_TEXT: Record<HealthState | 'checking', string> = {
  checking: '正在检查服务…',
  up: '服务正常',
  degraded: '服务异常，部分功能暂不可用',
  offline: '无法连接服务，显示的是离线数据',
};

const ROLE_TEXT: Record<string, string> = { clerk: '店员', manager: '店长' };

/** Account, stores, code rotation, data deletion and a service status line. */
export default function MePage() {
  const [me, setMe] = useState<Me | null>(() => getMeSnapshot()?.me ?? null);
  const [health, setHealth] = useState<HealthState | 'checking'>('checking');
  const [message, setMessage] = useState('');

  const refresh = useCallback(() => {
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
      Taro.reLaunch({ url: '/pages/index/index' });
    } catch (error) {
      setMessage(describeError(error));
    }
  };

  const switchUser = () => {
    clearSession();
    Taro.reLaunch({ url: '/pages/index/index' });
  };

  const member = getMember();
  const staffRoles = getStaffRoles();
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
        <View className="tk-panel__row">
          <Text className="tk-panel__label">开卡门店</Text>
          <Text className="tk-panel__value" id="me-home-store">
            {me ? (me.homeStoreName ?? '首次到店消费后确定') : '—'}
          </Text>
        </View>
        <View className="tk-panel__row">
          <Text className="tk-panel__label">我的邀请码</Text>
          <Text className="tk-panel__value" id="me-referral-code">
            {me?.referralCode ?? member?.referralCode ?? '—'}
          </Text>
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

      <View className="tk-status" id="health-status" style={{ marginTop: '24px' }}>
        <View className={`tk-status__dot tk-status__dot--${health}`} />
        <Text>{HEALTH_TEXT[health]}</Text>
      </View>
    </View>
  );
}
