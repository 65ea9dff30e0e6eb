import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { CheckInMonthResponse } from '@tongka/shared-types';
import { useCallback, useState } from 'react';
import { newIdempotencyKey } from '../../../lib/ids';
import { checkIn, fetchCheckIns } from '../../../services/engagement';
import { describeError } from '../../../services/http';
import { BirthdayPanel } from '../../birthday-panel';
import { monthGrid, shiftMonth, WEEKDAYS } from '../../check-in-calendar';
import '../../member.css';

/** Daily check-in: today's card (streak, what a check-in pays) and the month's calendar. */
export default function CheckInPage() {
  const [data, setData] = useState<CheckInMonthResponse | null>(null);
  const [month, setMonth] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const [message, setMessage] = useState('');

  const load = useCallback((wanted?: string) => {
    fetchCheckIns(wanted)
      .then((loaded) => {
        setData(loaded);
        setMonth(loaded.month);
      })
      .catch((failure) => setMessage(describeError(failure)));
  }, []);
  useDidShow(() => load(month));

  const tap = async () => {
    setBusy(true);
    setMessage('');
    try {
      const done = await checkIn(key);
      setMessage(`签到成功，获得 ${done.pointsAwarded} 积分，已连续签到 ${done.streakDays} 天。`);
      setKey(newIdempotencyKey());
      load(data?.today.slice(0, 7));
    } catch (failure) {
      setMessage(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  const cells = data
    ? monthGrid(
        data.month,
        data.days.map((day) => day.date),
        data.today,
      )
    : [];
  return (
    <View className="tk-page">
      <View className="tk-panel tk-stack" id="check-in-card">
        <Text className="tk-title tk-block">{data?.checkedInToday ? '今日已签到' : '今日未签到'}</Text>
        <Text className="tk-muted tk-block" id="check-in-streak">
          已连续签到 {data?.currentStreak ?? 0} 天
        </Text>
        <Text className="tk-muted tk-block">
          {data?.checkedInToday
            ? `明天签到可得 ${data.nextPoints} 积分`
            : `今天签到可得 ${data?.nextPoints ?? '—'} 积分`}
        </Text>
        <Button
          id="check-in-button"
          className="tk-button tk-button--primary"
          disabled={busy || !data || data.checkedInToday}
          onClick={tap}
        >
          {data?.checkedInToday ? '今日已签到' : '立即签到'}
        </Button>
      </View>
      {message && (
        <View className="tk-banner tk-banner--info" id="check-in-message">
          {message}
        </View>
      )}
      <View className="tk-panel">
        <View className="tk-panel__row">
          <Text id="check-in-prev" onClick={() => month && load(shiftMonth(month, -1))}>
            ‹ 上月
          </Text>
          <Text className="tk-panel__value--strong" id="check-in-month">
            {month ? `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月` : ''}
          </Text>
          <Text id="check-in-next" onClick={() => month && load(shiftMonth(month, 1))}>
            下月 ›
          </Text>
        </View>
        <View className="tk-calendar" id="check-in-calendar">
          {WEEKDAYS.map((name) => (
            <View key={name} className="tk-calendar__cell tk-calendar__cell--head">
              {name}
            </View>
          ))}
          {cells.map((cell) => (
            <View
              key={cell.key}
              id={cell.date ? `check-in-day-${cell.date}` : undefined}
              data-checked={cell.checked ? 'yes' : 'no'}
              className={`tk-calendar__cell${cell.checked ? ' tk-calendar__cell--checked' : ''}${cell.today ? ' tk-calendar__cell--today' : ''}`}
            >
              {cell.day ?? ''}
            </View>
          ))}
        </View>
        <Text className="tk-muted tk-block">本月已签到 {data?.days.length ?? 0} 天</Text>
      </View>
      <BirthdayPanel />
      <Button id="check-in-back" className="tk-button tk-button--ghost" onClick={() => Taro.navigateBack()}>
        返回
      </Button>
    </View>
  );
}
