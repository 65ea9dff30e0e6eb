import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';

/** The card page's way into 邀请有礼 (the invite page lives in its own subpackage). */
export function InviteBanner() {
  return (
    <View
      className="tk-banner tk-banner--info"
      id="invite-banner"
      onClick={() => Taro.navigateTo({ url: '/invite/pages/index/index' })}
    >
      邀请有礼：好友注册消费，你得返利 ›
    </View>
  );
}
