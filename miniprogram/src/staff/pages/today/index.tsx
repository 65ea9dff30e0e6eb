import { Button, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { formatFen } from '../../../lib/money';
import { storeLabel } from '../../../lib/store-label';
import { formatShanghaiTime, shanghaiDate } from '../../../lib/time';
import { describeError } from '../../../services/http';
import { listCheckouts } from '../../../services/staff';
import type { CheckoutListItem, CheckoutListResponse, CheckoutTotals } from '../../../services/types';
import { RefundSheet } from '../../components/refund-sheet';
import { SelfSaleApproval } from '../../components/self-sale-approval';
import { currentStore } from '../../staff-state';

/** Refunded in full: nothing left to refund, so no refund button. */
const fullyRefunded = (item: CheckoutListItem) => item.refundedFen >= item.amountFen;

/** "3 单 · ¥120.00": orders and sales of one group of members. */
const salesLine = (split: { count: number; amountFen: number }) => `${split.count} 单 · ${formatFen(split.amountFen)}`;

/** The day's totals panel: label, element id, how the value reads. */
const TOTAL_ROWS: Array<[string, string, (totals: CheckoutTotals) => string | number]> = [
  ['订单数', 'today-count', (t) => t.count],
  ['消费金额', 'today-amount', (t) => formatFen(t.amountFen)],
  ['本店会员', 'today-home-members', (t) => salesLine(t.homeMembers)],
  ['他店会员', 'today-visiting-members', (t) => salesLine(t.visitingMembers)],
  ['实收现金', 'today-cash', (t) => formatFen(t.cashDueFen)],
  ['已退款', 'today-refunded', (t) => formatFen(t.refundedFen)],
  ['发放积分', 'today-points-earned', (t) => t.pointsEarned],
];

/** Today's checkouts at this store (Shanghai calendar day), their totals, and refunds. */
export default function TodayPage() {
  const [store] = useState(currentStore);
  const [date] = useState(() => shanghaiDate(Date.now()));
  const [day, setDay] = useState<CheckoutListResponse | null>(null);
  const [error, setError] = useState('');
  const [refunding, setRefunding] = useState<CheckoutListItem | null>(null);

  const load = useCallback(async () => {
    if (!store) return;
    setError('');
    try {
      setDay(await listCheckouts(store.storeId, date));
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [store, date]);
  useDidShow(() => {
    load();
  });

  if (!store) return <View className="tk-page tk-empty">你还不是任何门店的店员。</View>;
  const items = day?.items ?? [];
  const totals = day?.totals;
  return (
    <View className="tk-page">
      <View className="tk-panel" id="today-totals">
        <Text className="tk-title">
          {date} · {storeLabel(store)}
        </Text>
        {TOTAL_ROWS.map(([label, id, show]) => (
          <View className="tk-panel__row" key={id}>
            <Text>{label}</Text>
            <Text id={id}>{totals ? show(totals) : '--'}</Text>
          </View>
        ))}
      </View>
      {error && <View className="tk-banner tk-banner--error">{error}</View>}
      <View id="today-list">
        {items.map((item) => (
          <View key={item.checkoutId} className="tk-list-item tk-checkout-item" id={`checkout-${item.checkoutId}`}>
            <View className="tk-list-item__main">
              <View>
                <Text className="tk-checkout-item__ref">{item.orderRef}</Text>
                {!item.homeMember && <Text className="tk-badge tk-badge--visiting">他店会员</Text>}
                {item.refundedFen > 0 && (
                  <Text className="tk-badge tk-badge--pending">
                    {fullyRefunded(item) ? '已全额退款' : `已退 ${formatFen(item.refundedFen)}`}
                  </Text>
                )}
              </View>
              <Text className="tk-list-item__amount--minus">{formatFen(item.amountFen)}</Text>
            </View>
            <View className="tk-row tk-list-item__meta">
              <Text>
                {formatShanghaiTime(item.createdAt)} 现金 {formatFen(item.cashDueFen)} · 积分 +{item.pointsEarned}
                {item.pointsRedeemed > 0 ? ` · 抵扣 ${item.pointsRedeemed}` : ''}
              </Text>
              {!fullyRefunded(item) && (
                <Button
                  id={`refund-${item.checkoutId}`}
                  className="tk-button tk-button--danger tk-refund-button"
                  size="mini"
                  onClick={() => setRefunding(item)}
                >
                  退款
                </Button>
              )}
            </View>
          </View>
        ))}
      </View>
      {day && items.length === 0 && !error && <View className="tk-empty">今天还没有订单</View>}
      {store.role === 'manager' && <SelfSaleApproval storeId={store.storeId} />}
      {refunding && (
        <RefundSheet
          storeId={store.storeId}
          checkout={refunding}
          onClose={(refunded) => {
            setRefunding(null);
            if (refunded) load();
          }}
        />
      )}
    </View>
  );
}
