import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';

/** A way back on pages reached by navigateTo (the H5 build has no native back button). */
export function BackBar({ title, fallbackUrl }: { title: string; fallbackUrl?: string }) {
  const back = () => {
    if (Taro.getCurrentPages().length > 1) Taro.navigateBack();
    else if (fallbackUrl) Taro.redirectTo({ url: fallbackUrl });
    else Taro.switchTab({ url: '/pages/card/index' });
  };
  return (
    <View className="tk-row tk-back-bar">
      <Text className="tk-muted tk-back-bar__back" id="back-button" onClick={back}>
        ‹ 返回
      </Text>
      <Text className="tk-section-title">{title}</Text>
    </View>
  );
}
