import { Button, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { formatFen } from '../../../lib/money';
import { storeLabel } from '../../../lib/store-label';
import { formatShanghaiTime, shanghaiDate } from '../../../lib/time';
import { describeError } from '../../../services/http';
import { listCheckouts } from '../../../services/staff';
import type { CheckoutListItem, CheckoutTotals } from '../../../services/types';
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

const PAGE_SIZE = 20;

/** Today's checkouts at this store (Shanghai calendar day), newest first, paged; totals and refunds. */
export default function TodayPage() {
  const [store] = useState(currentStore);
  const [date] = useState(() => shanghaiDate(Date.now()));
  const [items, setItems] = useState<CheckoutListItem[]>([]);
  const [totals, setTotals] = useState<CheckoutTotals | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState('');
  const [refunding, setRefunding] = useState<CheckoutListItem | null>(null);

  /** The first rows again (as many as are on screen, so a refresh keeps the cashier's place). */
  const reload = useCallback(
    async (rows: number) => {
      if (!store) return;
      setError('');
      try {
        const day = await listCheckouts(store.storeId, date, { limit: Math.min(100, Math.max(PAGE_SIZE, rows)) });
        setItems(day.items);
        setTotals(day.totals);
        setNextCursor(day.nextCursor);
        setLoaded(true);
      } catch (failure) {
        setError(describeError(failure));
      }
    },
    [store, date],
  );
  useDidShow(() => {
    reload(PAGE_SIZE);
  });

  const loadMore = async () => {
    if (!store || !nextCursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const day = await listCheckouts(store.storeId, date, { cursor: nextCursor, limit: PAGE_SIZE });
      // A sale made meanwhile does not shift this page: the cursor seeks past the last row shown.
      setItems((shown) => [...shown, ...day.items]);
      setTotals(day.totals);
      setNextCursor(day.nextCursor);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setLoadingMore(false);
    }
  };

  if (!store) return <View className="tk-page tk-empty">你还不是任何门店的店员。</View>;
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
          <CheckoutRow key={item.checkoutId} item={item} onRefund={() => setRefunding(item)} />
        ))}
      </View>
      {nextCursor && (
        <Button
          id="today-load-more"
          className="tk-button tk-button--ghost"
          disabled={loadingMore || undefined}
          onClick={loadMore}
        >
          {loadingMore ? '加载中…' : '加载更多'}
        </Button>
      )}
      {loaded && items.length === 0 && !error && <View className="tk-empty">今天还没有订单</View>}
      {store.role === 'manager' && <SelfSaleApproval storeId={store.storeId} />}
      {refunding && (
        <RefundSheet
          storeId={store.storeId}
          checkout={refunding}
          onRefunded={() => reload(items.length)}
          onClose={() => setRefunding(null)}
        />
      )}
    </View>
  );
}

/** One sale: order number on its own line, the amount apart, who (masked phone) and when below. */
function CheckoutRow({ item, onRefund }: { item: CheckoutListItem; onRefund: () => void }) {
  return (
    <View className="tk-list-item tk-checkout-item" id={`checkout-${item.checkoutId}`}>
      <View className="tk-list-item__main">
        <View className="tk-checkout-item__who">
          <Text className="tk-checkout-item__ref tk-block">订单 {item.orderRef}</Text>
          <Text className="tk-muted tk-block" id={`checkout-member-${item.checkoutId}`}>
            会员 {item.memberPhoneMasked ?? '未绑定手机号'}
            {!item.homeMember && <Text className="tk-badge tk-badge--visiting">他店会员</Text>}
          </Text>
        </View>
        <Text className="tk-list-item__amount--minus" id={`checkout-amount-${item.checkoutId}`}>
          {formatFen(item.amountFen)}
        </Text>
      </View>
      <View className="tk-row tk-list-item__meta">
        <Text>
          {formatShanghaiTime(item.createdAt)} 现金 {formatFen(item.cashDueFen)} · 积分 +{item.pointsEarned}
          {item.pointsRedeemed > 0 ? ` · 抵扣 ${item.pointsRedeemed}` : ''}
          {item.refundedFen > 0 && (
            <Text className="tk-badge tk-badge--pending">
              {fullyRefunded(item) ? '已全额退款' : `已退 ${formatFen(item.refundedFen)}`}
            </Text>
          )}
        </Text>
        {!fullyRefunded(item) && (
          <Button
            id={`refund-${item.checkoutId}`}
            className="tk-button tk-button--danger tk-refund-button"
            size="mini"
            onClick={onRefund}
          >
            退款
          </Button>
        )}
      </View>
    </View>
  );
}
