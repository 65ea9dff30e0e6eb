import type { AdminMemberDetail, AdminMerge } from '@tongka/shared-types';
import { App, Button, Table } from 'antd';
import { api } from '../../api/http';
import { useApp } from '../../app-context';
import { messageOf } from '../../components/errors';
import { dateTime } from '../../format';

/** The merges into and out of a member, each undoable by an admin. */
export function Merges(props: { member: AdminMemberDetail; onDone(): void; onOpen(id: string): void }) {
  const { canWrite } = useApp();
  const { message, modal } = App.useApp();
  const undo = (merge: AdminMerge) =>
    modal.confirm({
      title: '撤销这次合并？',
      content: `会员 ${merge.fromMemberId} 将恢复为独立账户，合并时转入的积分和储值退回原账户。`,
      okText: '撤销合并',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.post(`/api/admin/merges/${merge.id}/undo`);
          message.success('已撤销合并');
          props.onDone();
        } catch (caught) {
          message.error(messageOf(caught));
        }
      },
    });
  return (
    <Table<AdminMerge>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={props.member.merges}
      columns={[
        { title: '时间', dataIndex: 'createdAt', render: dateTime },
        {
          title: '被合并会员',
          dataIndex: 'fromMemberId',
          render: (id) => (
            <Button type="link" size="small" onClick={() => props.onOpen(id)}>
              {id}
            </Button>
          ),
        },
        { title: '并入会员', dataIndex: 'toMemberId' },
        {
          title: '原因',
          dataIndex: 'reason',
          render: (reason) => (reason === 'phone' ? '同一手机号' : reason === 'import' ? '历史导入' : reason),
        },
        { title: '撤销时间', dataIndex: 'undoneAt', render: dateTime },
        {
          title: '',
          key: 'undo',
          render: (_, merge) =>
            canWrite && !merge.undoneAt && merge.toMemberId === props.member.id ? (
              <Button size="small" danger onClick={() => undo(merge)}>
                撤销合并
              </Button>
            ) : null,
        },
      ]}
    />
  );
}
