import type { CouponTemplate, CouponTemplateList } from '@tongka/shared-types';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/http';
import { useApp } from '../app-context';
import { CursorPager } from '../components/cursor-pager';
import { useCursorList } from '../components/use-cursor-list';
import { useStoreNames } from '../components/use-store-names';
import { points } from '../format';
import { COUPON_TYPE_NAMES, describeValidity, describeValue, TEMPLATE_STATUS } from './coupons/describe-template';
import { IssueCoupons } from './coupons/issue-coupons';
import { TemplateEditor } from './coupons/template-editor';
import { TemplateForm } from './coupons/template-form';

/** Coupon templates: create one of each kind, pause / end / restock it, and issue it to members in a batch. */
export default function Coupons() {
  const { canWrite } = useApp();
  const storeNames = useStoreNames();
  const list = useCursorList((_cursor) => api.get<CouponTemplateList>('/api/admin/coupon-templates'), []);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<CouponTemplate | null>(null);
  const [issuing, setIssuing] = useState<CouponTemplate | null>(null);
  const storesOf = (ids: string[] | undefined) =>
    ids ? ids.map((id) => storeNames.get(id) ?? id).join('、') : '全部门店';
  return (
    <Card
      title="优惠券模板"
      extra={
        canWrite && (
          <Button type="primary" onClick={() => setCreating(true)}>
            新建优惠券
          </Button>
        )
      }
    >
      {list.error && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 12 }} />}
      <Table<CouponTemplate>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: '还没有优惠券模板' }}
        columns={[
          {
            title: '名称',
            dataIndex: 'name',
            render: (name, template) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{name}</Typography.Text>
                <Typography.Text type="secondary">{COUPON_TYPE_NAMES[template.type]}</Typography.Text>
              </Space>
            ),
          },
          { title: '优惠', key: 'value', render: (_, template) => describeValue(template) },
          { title: '有效期', key: 'validity', render: (_, template) => describeValidity(template) },
          { title: '适用门店', dataIndex: 'storeIds', render: storesOf, ellipsis: true, width: 120 },
          {
            title: '已发 / 库存',
            key: 'stock',
            render: (_, template) => (
              <Space direction="vertical" size={0}>
                <span>{`${points(template.issued)} / ${template.stock === undefined ? '不限' : points(template.stock)}`}</span>
                <Typography.Text type="secondary">
                  {template.perMemberLimit ? `每人限 ${template.perMemberLimit} 张` : '每人不限'}
                </Typography.Text>
              </Space>
            ),
          },
          { title: '出资方', dataIndex: 'fundedBy', render: (id) => storeNames.get(id) ?? id },
          {
            title: '状态',
            dataIndex: 'status',
            render: (status: CouponTemplate['status'], template) => (
              <Space size={4}>
                <Tag color={TEMPLATE_STATUS[status].color}>{TEMPLATE_STATUS[status].label}</Tag>
                {template.claimable && <Tag color="blue">领券中心</Tag>}
              </Space>
            ),
          },
          ...(canWrite
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 170,
                  render: (_: unknown, template: CouponTemplate) => (
                    <Space size={4}>
                      <Button size="small" onClick={() => setEditing(template)}>
                        编辑
                      </Button>
                      <Button
                        size="small"
                        type="primary"
                        disabled={template.status !== 'active'}
                        onClick={() => setIssuing(template)}
                      >
                        批量发放
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <CursorPager {...list} />
      {creating && (
        <TemplateForm
          stores={storeNames}
          onClose={(created) => {
            setCreating(false);
            if (created) list.reload();
          }}
        />
      )}
      {editing && (
        <TemplateEditor
          template={editing}
          onClose={(changed) => {
            setEditing(null);
            if (changed) list.reload();
          }}
        />
      )}
      {issuing && (
        <IssueCoupons
          template={issuing}
          onClose={() => {
            setIssuing(null);
            list.reload();
          }}
        />
      )}
    </Card>
  );
}
