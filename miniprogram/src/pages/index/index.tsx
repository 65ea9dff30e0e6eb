import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { browserQueryParam } from '../../lib/query';
import { DemoUserRequiredError, platform } from '../../platform';
import { hasFreshToken, signIn } from '../../services/auth';
import { ApiError, describeError } from '../../services/http';
import { clearSession, getDemoOpenid, getMember, setDemoOpenid } from '../../services/session';
import './index.css';

type Phase = 'signing-in' | 'choose-user' | 'failed' | 'deleted';

/** The demo's seeded WeChat users (scripts/src/demo/seed-demo.ts), one tap each in the H5 demo. */
const DEMO_USERS: Array<[string, string]> = [
  ['demo-member-1', '演示会员'],
  ['demo-clerk-1', '演示店员'],
];

function goToCard() {
  Taro.switchTab({ url: '/pages/card/index' });
}

/**
 * Launch page: silent sign-in, then the card. In the H5 demo a browser has no WeChat identity,
 * so it asks which demo user to be (or takes `?openid=` from the URL).
 */
export default function SignInPage() {
  // After "删除我的数据" the member lands here: say so, and open a new card only when asked.
  const deleted = useRouter().params.deleted === '1';
  const [phase, setPhase] = useState<Phase>(deleted ? 'deleted' : 'signing-in');
  const [error, setError] = useState('');
  const [openid, setOpenid] = useState(() => getDemoOpenid() ?? '');

  const attempt = useCallback(async () => {
    setPhase('signing-in');
    setError('');
    try {
      // Merges happen when a phone is bound (the phone page says so), never at sign-in.
      await signIn();
      goToCard();
    } catch (failure) {
      if (failure instanceof DemoUserRequiredError) {
        setPhase('choose-user');
        return;
      }
      // Offline with a known member: the card still works from the cached secret.
      if (failure instanceof ApiError && failure.isNetwork && getMember()) {
        goToCard();
        return;
      }
      setError(describeError(failure));
      setPhase('failed');
    }
  }, []);

  useEffect(() => {
    if (deleted) return;
    const urlOpenid = platform.kind === 'h5' ? browserQueryParam('openid') : undefined;
    // A different demo user in the URL means a different member: forget the old one.
    if (urlOpenid && urlOpenid !== getDemoOpenid()) clearSession();
    if (hasFreshToken() && getMember()) goToCard();
    else attempt();
  }, [attempt, deleted]);

  const chooseUser = (chosen = openid) => {
    const value = chosen.trim();
    if (!value) {
      setError('请输入演示用户的 openid。');
      return;
    }
    setDemoOpenid(value);
    attempt();
  };

  return (
    <View className="tk-page tk-signin">
      <View className="tk-signin__brand">
        <Text className="tk-signin__logo">通卡</Text>
        <Text className="tk-signin__slogan">一张会员卡，连锁门店通用</Text>
      </View>
      {phase === 'signing-in' && (
        <Text id="sign-in-status" className="tk-muted">
          正在登录…
        </Text>
      )}
      {phase === 'choose-user' && (
        <View className="tk-panel tk-stack">
          <Text className="tk-panel__label">演示环境：选择一个微信用户登录</Text>
          <Input
            id="openid-input"
            className="tk-input"
            placeholder="openid，例如 demo-member-1"
            value={openid}
            onInput={(e) => setOpenid(e.detail.value)}
          />
          <Button id="sign-in-button" className="tk-button tk-button--primary" onClick={() => chooseUser()}>
            登录
          </Button>
          <View className="tk-row">
            {DEMO_USERS.map(([demoOpenid, label]) => (
              <Button
                key={demoOpenid}
                id={`sign-in-as-${demoOpenid}`}
                className="tk-button tk-button--ghost"
                style={{ flex: 1, margin: '0 8px' }}
                onClick={() => {
                  setOpenid(demoOpenid);
                  chooseUser(demoOpenid);
                }}
              >
                {label}
              </Button>
            ))}
          </View>
        </View>
      )}
      {phase === 'deleted' && (
        <View className="tk-panel tk-stack" id="data-deleted">
          <Text className="tk-title">你的数据已删除</Text>
          <Text className="tk-panel__label tk-block">
            手机号、会员码和会员资料已从通卡删除，本机也已退出登录。需要时可以重新开一张新的会员卡。
          </Text>
          <Button
            id="open-new-card"
            className="tk-button tk-button--primary"
            onClick={() => (platform.kind === 'h5' ? setPhase('choose-user') : attempt())}
          >
            重新开卡
          </Button>
        </View>
      )}
      {error && (
        <View className="tk-banner tk-banner--error" id="sign-in-error">
          {error}
        </View>
      )}
      {phase === 'failed' && (
        <Button id="sign-in-retry" className="tk-button tk-button--ghost" onClick={attempt}>
          重试
        </Button>
      )}
    </View>
  );
}
