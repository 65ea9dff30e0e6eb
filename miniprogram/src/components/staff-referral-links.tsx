import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { StaffRole } from '../services/types';

/** For staff on the me page: their own invite card, and for managers the store's leaderboard. */
export function StaffReferralLinks({ roles }: { roles: StaffRole[] }) {
  if (roles.length === 0) return null;
  return (
    <View className="tk-panel" id="staff-referral-links">
      <View
        className="tk-panel__row"
        id="staff-invite-entry"
        onClick={() => Taro.navigateTo({ url: '/staff/pages/invite/index' })}
      >
        <View className="tk-panel__label">我的导购邀请卡</View>
        <View className="tk-panel__value">去分享 ›</View>
      </View>
      {roles.some((role) => role.role === 'manager') && (
        <View
          className="tk-panel__row"
          id="leaderboard-entry"
          onClick={() => Taro.navigateTo({ url: '/staff/pages/leaderboard/index' })}
        >
          <View className="tk-panel__label">导购排行榜</View>
          <View className="tk-panel__value">查看 ›</View>
        </View>
      )}
    </View>
  );
}
