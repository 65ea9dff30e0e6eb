import type { AuditLogItem } from '@tongka/shared-types';
import { Alert, Card, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, query } from '../api/http';
import { CursorPager } from '../components/cursor-pager';
import { useCursorList } from '../components/use-cursor-list';
import { dateTime } from '../format';
import { AUDIT_ACTION_NAMES, auditActionName, auditTargetName } from './audit-actions';

const ACTOR_NAMES: Record<string, string> = { admin: '总部', member: '会员', system: '系统', staff: '店员' };

/** Manual and sensitive actions, newest first; the filters go to the server. */
export default function Audit() {
  const [filters, setFilters] = useState<{ action?: string; targetId?: string }>({});
  const list = useCursorList(
    (cursor) =>
      api.get<{ items: AuditLogItem[]; nextCursor: string | null }>(
        `/api/admin/audit-log${query({ ...filters, limit: 20, cursor })}`,
      ),
    [filters.action, filters.targetId],
  );
  return (
    <Card
      title="操作日志"
      extra={
        <Space>
          <Select
            id="audit-action"
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="全部操作"
            style={{ width: 240 }}
            value={filters.action}
            onChange={(action?: string) => setFilters({ ...filters, action })}
            options={Object.entries(AUDIT_ACTION_NAMES).map(([value, label]) => ({ value, label }))}
          />
          <Input.Search
            allowClear
            placeholder="对象 ID（会员号、门店 ID 等）"
            style={{ width: 320 }}
            onSearch={(value) => setFilters({ ...filters, targetId: value.trim() || undefined })}
          />
        </Space>
      }
    >
      {list.error && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 12 }} />}
      <Table<AuditLogItem>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        expandable={{
          expandedRowRender: (row) => (
            <Typography.Paragraph code style={{ whiteSpace: 'pre-wrap' }}>
              {`操作前：${JSON.stringify(row.before, null, 2)}\n操作后：${JSON.stringify(row.after, null, 2)}`}
            </Typography.Paragraph>
          ),
        }}
        columns={[
          { title: '时间', dataIndex: 'createdAt', render: dateTime, width: 180 },
          {
            title: '操作人',
            key: 'actor',
            render: (_, row) => `${ACTOR_NAMES[row.actorType] ?? row.actorType} ${row.actorId}`,
          },
          { title: '操作', dataIndex: 'action', render: auditActionName },
          { title: '对象', key: 'target', render: (_, row) => auditTargetName(row.targetType, row.targetId) },
        ]}
      />
      <CursorPager {...list} />
    </Card>
  );
}
