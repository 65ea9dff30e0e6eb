import type { AdminMemberRow } from '@tongka/shared-types';
import { Space, Tag } from 'antd';

const STATUS_NAMES: Record<string, string> = { active: '正常', merged: '已合并', deleted: '已注销' };

/** A member's status with its blocks (earn, spend). */
export function StatusTags({ row, status }: { row: AdminMemberRow; status: string }) {
  return (
    <Space size={4}>
      <Tag color={status === 'active' ? 'green' : 'default'}>{STATUS_NAMES[status] ?? status}</Tag>
      {row.earnBlocked && <Tag color="orange">禁止得积分</Tag>}
      {row.spendBlocked && <Tag color="red">禁止消费</Tag>}
    </Space>
  );
}
