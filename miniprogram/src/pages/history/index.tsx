import { Button, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ledgerKindLabel } from '../../lib/ledger-labels';
import { formatFen } from '../../lib/money';
import { ledgerPlace } from '../../lib/store-label';
import { formatShanghaiDateTime } from '../../lib/time';
import { describeError } from '../../services/http';
import { fetchLedger } from '../../services/member';
import type { Asset, LedgerEntry } from '../../services/types';

interface ListState {
  items: LedgerEntry[];
  cursor: string | null;
  done: boolean;
}

const EMPTY: ListState = { items: [], cursor: null, done: false };

function formatAmount(asset: Asset, amount: number): string {
  const sign = amount > 0 ? '+' : amount < 0 ? '-' : '';
  return asset === 'POINTS' ? `${sign}${Math.abs(amount)}` : `${sign}${formatFen(Math.abs(amount))}`;
}

function LedgerRow({ entry, asset }: { entry: LedgerEntry; asset: Asset }) {
  const pending = entry.status === 'pending';
  const voided = entry.status === 'voided';
  return (
    <View className="tk-list-item tk-ledger-item" id={`ledger-${entry.id}`}>
      <View className="tk-list-item__main">
        <View>
          <Text>{ledgerKindLabel(entry.kind, entry.note)}</Text>
          {pending && <Text className="tk-badge tk-badge--pending">待确认</Text>}
          {voided && <Text className="tk-badge tk-badge--pending">已撤销</Text>}
        </View>
        <Text className={entry.amount >= 0 ? 'tk-list-item__amount--plus' : 'tk-list-item__amount--minus'}>
          {formatAmount(asset, entry.amount)}
        </Text>
      </View>
      <View className="tk-list-item__meta">
        {formatShanghaiDateTime(entry.createdAt)}
        {` · ${ledgerPlace(entry)}`}
        {entry.note && ledgerKindLabel(entry.kind, null) !== entry.kind ? ` · ${entry.note}` : ''}
      </View>
    </View>
  );
}

/** Points and stored-value history, newest first, loaded page by page with the cursor. */
export default function HistoryPage() {
  const [asset, setAsset] = useState<Asset>('POINTS');
  const [list, setList] = useState<ListState>(EMPTY);
  const [error, setError] = useState('');
  const loading = useRef(false);

  const loadMore = useCallback(async (forAsset: Asset, from: ListState) => {
    if (loading.current || from.done) return;
    loading.current = true;
    setError('');
    try {
      const page = await fetchLedger(forAsset, from.cursor);
      setList({
        items: [...from.items, ...page.items],
        cursor: page.nextCursor,
        done: !page.nextCursor,
      });
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      loading.current = false;
    }
  }, []);

  useEffect(() => {
    setList(EMPTY);
    loadMore(asset, EMPTY);
  }, [asset, loadMore]);

  useReachBottom(() => loadMore(asset, list));
  usePullDownRefresh(() => {
    setList(EMPTY);
    loadMore(asset, EMPTY).finally(() => Taro.stopPullDownRefresh());
  });

  return (
    <View className="tk-page">
      <View className="tk-tabs">
        {(['POINTS', 'CNY'] as const).map((value) => (
          <View
            key={value}
            id={`history-tab-${value}`}
            className={`tk-tab ${asset === value ? 'tk-tab--active' : ''}`}
            onClick={() => setAsset(value)}
          >
            {value === 'POINTS' ? '积分明细' : '储值明细'}
          </View>
        ))}
      </View>
      {error && <View className="tk-banner tk-banner--error">{error}</View>}
      <View id="history-list">
        {list.items.map((entry) => (
          <LedgerRow key={entry.id} entry={entry} asset={asset} />
        ))}
      </View>
      {list.done && list.items.length === 0 && <View className="tk-empty">暂无记录</View>}
      {!list.done && (
        <Button id="history-more" className="tk-button tk-button--ghost" onClick={() => loadMore(asset, list)}>
          加载更多
        </Button>
      )}
      {list.done && list.items.length > 0 && <View className="tk-empty">没有更多了</View>}
    </View>
  );
}
