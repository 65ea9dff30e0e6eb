import { Button, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { platform } from '../platform';
import { describeError } from '../services/http';
import { fetchSubscriptions, reportSubscription } from '../services/member';
import type { SubscriptionListResponse } from '../services/types';

type Template = SubscriptionListResponse['templates'][number];

const PURPOSE_TEXT: Record<Template['purpose'], string> = {
  'points-changed': '积分变动提醒',
  'points-expiring': '积分到期提醒',
  'coupon-received': '优惠券到账提醒',
};

/**
 * Subscribe messages (WECHAT.md): WeChat lets a mini-program send one message per accept of its
 * dialog, so the member sees how many reminders are left and can allow more with one tap.
 */
export function MessageReminders() {
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [note, setNote] = useState('');

  const load = useCallback(() => {
    fetchSubscriptions()
      .then((list) => setTemplates(list.templates))
      .catch(() => setTemplates(null));
  }, []);
  useDidShow(load);

  // The dialog must open straight from the tap: the template ids are fetched beforehand.
  const subscribe = async () => {
    if (!templates?.length) return;
    const answers = await platform.requestSubscribe(templates.map((t) => t.templateId));
    try {
      for (const template of templates) {
        const answer = answers[template.templateId];
        if (answer) await reportSubscription(template.templateId, answer === 'accept');
      }
      const accepted = Object.values(answers).filter((answer) => answer === 'accept').length;
      setNote(accepted > 0 ? '已开启提醒：每次允许可收到一条消息。' : '未开启提醒，可随时再次开启。');
      load();
    } catch (error) {
      setNote(describeError(error));
    }
  };

  if (!templates || templates.length === 0) return null;
  return (
    <View>
      <View className="tk-section-title">消息提醒</View>
      <View className="tk-panel" id="me-reminders">
        {templates.map((template) => (
          <View className="tk-panel__row" key={template.templateId}>
            <Text className="tk-panel__label">{PURPOSE_TEXT[template.purpose]}</Text>
            <Text className="tk-panel__value" id={`reminder-${template.purpose}`}>
              {template.acceptedCount > 0 ? `可接收 ${template.acceptedCount} 条` : '未开启'}
            </Text>
          </View>
        ))}
        <Button id="me-subscribe" className="tk-button tk-button--ghost" onClick={subscribe}>
          开启提醒
        </Button>
        {note && (
          <Text className="tk-hint" id="me-subscribe-note">
            {note}
          </Text>
        )}
      </View>
    </View>
  );
}
