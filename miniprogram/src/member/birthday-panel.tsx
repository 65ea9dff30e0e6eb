import { Button, Picker, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { shanghaiDate } from '../lib/time';
import { type BirthdayState, fetchBirthday, saveBirthday } from '../services/engagement';
import { describeError } from '../services/http';

/** 生日礼遇: the member sets the birthday once (then it is locked); HQ's birthday gift follows it. */
export function BirthdayPanel() {
  const [state, setState] = useState<BirthdayState | null>(null);
  const [picked, setPicked] = useState('1990-01-01');
  const [message, setMessage] = useState('');
  useDidShow(() => {
    fetchBirthday()
      .then(setState)
      .catch((failure) => setMessage(describeError(failure)));
  });

  const save = async () => {
    const { confirm } = await Taro.showModal({
      title: '设置生日',
      content: `生日设为 ${picked}，设置后不能修改。确定吗？`,
      confirmText: '确定',
    });
    if (!confirm) return;
    try {
      setState(await saveBirthday(picked));
      setMessage('');
    } catch (failure) {
      setMessage(describeError(failure));
    }
  };

  return (
    <View className="tk-panel tk-stack" id="birthday-panel">
      <Text className="tk-panel__value--strong tk-block">生日礼遇</Text>
      {state?.locked ? (
        <Text className="tk-muted tk-block" id="birthday-value">
          我的生日：{state.birthday}（已锁定）
        </Text>
      ) : (
        <View className="tk-stack">
          <Picker
            mode="date"
            value={picked}
            start="1900-01-01"
            end={shanghaiDate(Date.now())}
            onChange={(event) => setPicked(event.detail.value)}
          >
            <View className="tk-panel__row" id="birthday-picker">
              <Text className="tk-panel__label">选择生日</Text>
              <Text className="tk-panel__value">{picked} ›</Text>
            </View>
          </Picker>
          <Button id="birthday-save" className="tk-button tk-button--ghost" onClick={save}>
            保存生日（设置后不可修改）
          </Button>
        </View>
      )}
      {message && <View className="tk-banner tk-banner--error">{message}</View>}
    </View>
  );
}
