import type { MemberLedgerResponse } from '@tongka/shared-types';
import { Alert, Table } from 'antd';
import { api, query } from '../../api/http';
import { CursorPager } from '../../components/cursor-pager';
import { useCursorList } from '../../components/use-cursor-list';
import { dateTime, LEDGER_KIND_NAMES, yuan } from '../../format';

type LedgerItem = MemberLedgerResponse['items'][number];
/** One asset's ledger lines for a member, newest first, paged by cursor. */
export function LedgerTable(props: { memberId: string; asset: 'POINTS' | 'CNY'; tick: number }) {
  const list = useCursorList(
    (cursor) =>
      api.get<MemberLedgerResponse>(
        `/api/admin/members/${props.memberId}/ledger${query({ asset: props.asset, limit: 10, cursor })}`,
      ),
    [props.memberId, props.asset, props.tick],
  );
  return (
    <>
      {list.error && <Alert type="error" showIcon message={list.error} />}
      <Table<LedgerItem>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: '时间', dataIndex: 'createdAt', render: dateTime, width: 170 },
          { title: '类型', dataIndex: 'kind', render: (kind) => LEDGER_KIND_NAMES[kind] ?? kind },
          {
            title: props.asset === 'CNY' ? '金额' : '积分',
            dataIndex: 'amount',
            render: (amount: number) =>
              props.asset === 'CNY' ? yuan(amount) : amount > 0 ? `+${amount}` : String(amount),
          },
          { title: '门店', dataIndex: 'storeName', render: (name) => name ?? '总部' },
          { title: '备注', dataIndex: 'note', render: (note) => note ?? '' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (status) => (status === 'pending' ? '待生效' : status === 'voided' ? '已作废' : '已入账'),
          },
        ]}
      />
      <CursorPager {...list} />
    </>
  );
}
