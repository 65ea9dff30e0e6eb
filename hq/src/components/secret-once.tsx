import { Alert, Button, Modal, Space, Typography } from 'antd';

/** A secret the server answers once: shown with a copy button and a warning, never again. */
export function SecretOnce(props: { title: string; lines: Array<[string, string]>; secret: string; onClose(): void }) {
  return (
    <Modal
      open
      title={props.title}
      onCancel={props.onClose}
      footer={
        <Button type="primary" onClick={props.onClose}>
          我已妥善保存
        </Button>
      }
    >
      <Alert type="warning" showIcon message="密钥只显示这一次，关闭后无法再次查看，请立即复制保存。" />
      <Space direction="vertical" style={{ marginTop: 16, width: '100%' }}>
        {props.lines.map(([label, value]) => (
          <Typography.Text key={label}>
            {label}：<Typography.Text copyable>{value}</Typography.Text>
          </Typography.Text>
        ))}
        <Typography.Text>
          密钥：
          <Typography.Text code copyable data-testid="secret-once">
            {props.secret}
          </Typography.Text>
        </Typography.Text>
      </Space>
    </Modal>
  );
}
