import type { AdminMemberList, AdminMemberRow } from '@tongka/shared-types';
import { Alert, Button, Card, Input, Table } from 'antd';
import { useState } from 'react';
import { api, query } from '../api/http';
import { CursorPager } from '../components/cursor-pager';
import { useCursorList } from '../components/use-cursor-list';
import { dateTime, TIER_NAMES } from '../format';
import { MemberDrawer } from './members/member-drawer';
import { StatusTags } from './members/status-tags';

/** A phone (11 digits, maybe with +86) is looked up by phone; anything else is a member id or referral code. */
function searchQuery(text: string): { phone?: string; q?: string } {
  const trimmed = text.trim();
  if (!trimmed) return {};
  return /^[+\d\s-]{11,}$/.test(trimmed) ? { phone: trimmed } : { q: trimmed };
}

export default function Members() {
  const [search, setSearch] = useState('');
  const [openId, setOpenId] = useState<string | null>(() => new URLSearchParams(window.location.search).get('id'));
  const list = useCursorList(
    (cursor) => api.get<AdminMemberList>(`/api/admin/members${query({ ...searchQuery(search), limit: 20, cursor })}`),
    [search],
  );
  return (
    <Card
      title="会员"
      extra={
        <Input.Search
          id="member-search"
          allowClear
          enterButton="查找"
          placeholder="手机号、会员号或推荐码"
          style={{ width: 360 }}
          onSearch={setSearch}
        />
      }
    >
      {list.error && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 12 }} />}
      <Table<AdminMemberRow>
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: search ? '没有找到匹配的会员' : '暂无会员' }}
        onRow={(row) => ({ onClick: () => setOpenId(row.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '会员号', dataIndex: 'id' },
          { title: '手机号', dataIndex: 'phoneMasked', render: (phone) => phone ?? '未绑定' },
          { title: '等级', dataIndex: 'tier', render: (tier) => TIER_NAMES[tier] ?? tier },
          { title: '开卡门店', dataIndex: 'homeStoreName', render: (name) => name ?? '—' },
          { title: '状态', dataIndex: 'status', render: (status, row) => <StatusTags row={row} status={status} /> },
          { title: '注册时间', dataIndex: 'createdAt', render: dateTime },
          {
            title: '',
            key: 'open',
            render: (_, row) => (
              <Button size="small" type="link" onClick={() => setOpenId(row.id)}>
                详情
              </Button>
            ),
          },
        ]}
      />
      <CursorPager {...list} />
      {openId && (
        <MemberDrawer
          memberId={openId}
          onOpen={setOpenId}
          onClose={() => {
            setOpenId(null);
            list.reload();
          }}
        />
      )}
    </Card>
  );
}
