import { Button, Space, Typography } from 'antd';

/** Previous / next under a server-paginated table. */
export function CursorPager(props: {
  pageNumber: number;
  hasPrevious: boolean;
  hasNext: boolean;
  previous(): void;
  next(): void;
}) {
  return (
    <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
      <Button size="small" disabled={!props.hasPrevious} onClick={props.previous}>
        上一页
      </Button>
      <Typography.Text type="secondary">第 {props.pageNumber} 页</Typography.Text>
      <Button size="small" disabled={!props.hasNext} onClick={props.next}>
        下一页
      </Button>
    </Space>
  );
}
