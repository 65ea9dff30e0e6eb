import { Button } from '@tarojs/components';
import Taro from '@tarojs/taro';

/** A way back on secondary pages (the H5 build has no WeChat navigation bar back button). */
export function BackLink() {
  const back = () => Taro.navigateBack().catch(() => Taro.switchTab({ url: '/pages/card/index' }));
  return (
    <Button className="tk-button tk-button--ghost" id="back-link" onClick={back}>
      ‹ 返回
    </Button>
  );
}
