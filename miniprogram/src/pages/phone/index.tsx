import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { platform } from '../../platform';
import { bindPhone } from '../../services/auth';
import { describeError } from '../../services/http';
import { getMember } from '../../services/session';

// One string: a JSX line break would put a space after the full-width semicolon.
const WHY_TEXT =
  '如果你曾在本品牌其他门店用手机号办过会员，绑定后那里的积分和储值会合并到这张卡上；' +
  '手机号只用于识别你的会员身份，对门店店员只显示部分号码。';

/** Long enough to read the one-line result. */
const RETURN_AFTER_MS = 1500;

const backToCard = () => Taro.switchTab({ url: '/pages/card/index' });

type Outcome = { kind: 'merged' | 'bound' | 'error'; message: string } | null;

/** Binding the phone number links the member's accounts from other stores into this one. */
export default function PhonePage() {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const alreadyBound = getMember()?.phoneBound ?? false;
  const done = outcome !== null && outcome.kind !== 'error';

  // Bound: nothing is left to do here, so the member is taken back to the card (which shows the merge).
  useEffect(() => {
    if (!done) return;
    const timer = setTimeout(backToCard, RETURN_AFTER_MS);
    return () => clearTimeout(timer);
  }, [done]);

  const onCode = async (code: string) => {
    setBusy(true);
    setOutcome(null);
    try {
      const result = await bindPhone(code);
      setOutcome(
        result.merged
          ? { kind: 'merged', message: '其他门店的积分已合并到此账户，正在返回会员卡。' }
          : { kind: 'bound', message: '手机号已绑定，正在返回会员卡。' },
      );
    } catch (error) {
      setOutcome({ kind: 'error', message: describeError(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="tk-page">
      <View className="tk-panel tk-stack">
        <Text className="tk-title">绑定手机号</Text>
        <Text className="tk-panel__label tk-block" id="bind-phone-why">
          {WHY_TEXT}
        </Text>
        {alreadyBound && !outcome && <Text className="tk-muted">你已绑定手机号。</Text>}
        {done ? (
          <Button id="bind-phone-back" className="tk-button tk-button--primary" onClick={backToCard}>
            返回会员卡
          </Button>
        ) : (
          <platform.PhoneCodeButton
            disabled={busy || undefined}
            onCode={onCode}
            onError={(message) => setOutcome({ kind: 'error', message })}
          />
        )}
      </View>
      {outcome && (
        <View
          id="bind-phone-result"
          className={`tk-banner ${outcome.kind === 'error' ? 'tk-banner--error' : 'tk-banner--success'}`}
        >
          {outcome.message}
        </View>
      )}
    </View>
  );
}
