import { Button, Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { shareLink } from '../lib/share-link';
import { posterPlatform } from '../platform/poster';
import { describeError } from '../services/http';
import { fetchPosterCode } from '../services/referral';

interface Props {
  referralCode: string;
  sharePath: string;
  /** The poster's invitation line (a clerk's card names their store). */
  line: string;
}

/**
 * The member's (or clerk's) invite card: the code, sharing to a chat (WeChat's share button; a
 * link to copy in the browser demo), and the poster composed from the BFF's mini-program code.
 * The page itself registers useShareAppMessage (WeChat calls it on the page, not a component).
 */
export function InviteCard({ referralCode, sharePath, line }: Props) {
  const [poster, setPoster] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const link = shareLink(sharePath);

  const makePoster = async () => {
    setBusy(true);
    setMessage('');
    try {
      const code = await fetchPosterCode();
      setPoster(await posterPlatform.compose({ code, brand: '通卡会员', line, referralCode }));
    } catch (error) {
      setMessage(describeError(error));
    } finally {
      setBusy(false);
    }
  };
  const savePoster = async () => {
    if (!poster) return;
    try {
      await posterPlatform.save(poster);
      setMessage(link ? '海报已下载。' : '海报已保存到相册。');
    } catch {
      setMessage('保存失败，请在设置中允许保存到相册后重试。');
    }
  };
  const copyLink = () => {
    if (link) Taro.setClipboardData({ data: link }).then(() => setMessage('链接已复制，发给好友吧。'));
  };

  return (
    <View className="tk-panel" id="invite-card">
      <View className="tk-panel__row">
        <Text className="tk-panel__label">我的邀请码</Text>
        <Text className="tk-panel__value" id="invite-code">
          {referralCode}
        </Text>
      </View>
      {link ? (
        <View className="tk-stack">
          <Text className="tk-panel__label">邀请链接</Text>
          <Text id="invite-share-link" selectable style={{ wordBreak: 'break-all' }}>
            {link}
          </Text>
          <Button className="tk-button tk-button--primary" id="invite-copy-link" onClick={copyLink}>
            复制邀请链接
          </Button>
        </View>
      ) : (
        <Button className="tk-button tk-button--primary" id="invite-share" openType="share">
          分享给微信好友
        </Button>
      )}
      <View className="tk-panel__label" id="invite-share-path" style={{ margin: '16px 0' }}>
        分享路径：{sharePath}
      </View>
      {poster ? (
        <View className="tk-stack">
          <Image
            id="invite-poster"
            src={poster}
            mode="aspectFit"
            style={{ width: '300px', height: '430px', margin: '0 auto' }}
          />
          <Button className="tk-button tk-button--gold" id="invite-save-poster" onClick={savePoster}>
            {link ? '下载海报' : '保存到相册'}
          </Button>
        </View>
      ) : (
        <Button
          className="tk-button tk-button--gold"
          id="invite-make-poster"
          disabled={busy || undefined}
          onClick={makePoster}
        >
          {busy ? '海报生成中…' : '生成邀请海报'}
        </Button>
      )}
      {message && (
        <View className="tk-banner tk-banner--info" id="invite-message">
          {message}
        </View>
      )}
    </View>
  );
}
