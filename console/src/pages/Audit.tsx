import { useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { call, download } from '../api/client';
import { API, type AuditEntryView, type AuditQuery } from '@puhui/shared';
import { useLoad } from '../lib/use-load';

/** 审计日志: filters, cursor paging ("更多") and the CSV export of the same filter. */
export function AuditPage() {
  const [query, setQuery] = useState<AuditQuery>({});
  const [more, setMore] = useState<AuditEntryView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const { data, error } = useLoad(async () => {
    const page = await call(API.listAudit, { query: { ...query, limit: 50 } });
    setMore([]);
    setCursor(page.nextCursor);
    return page.items;
  }, [query]);
  const loadMore = async () => {
    if (!cursor) return;
    const page = await call(API.listAudit, { query: { ...query, cursor, limit: 50 } });
    setMore((m) => [...m, ...page.items]);
    setCursor(page.nextCursor);
  };
  const filter = (v: { operator?: string; action?: string; target?: string; range?: [Dayjs, Dayjs] }) =>
    setQuery({
      operator: v.operator || undefined,
      action: v.action || undefined,
      target: v.target || undefined,
      from: v.range?.[0].startOf('day').toISOString(),
      to: v.range?.[1].endOf('day').toISOString(),
    });
  return (
    <>
      <Form layout="inline" onFinish={filter} style={{ marginBottom: 16 }}>
        <Space wrap>
          <Form.Item name="operator">
            <Input placeholder="操作员" />
          </Form.Item>
          <Form.Item name="action">
            <Input placeholder="操作" />
          </Form.Item>
          <Form.Item name="target">
            <Input placeholder="对象" />
          </Form.Item>
          <Form.Item name="range">
            <DatePicker.RangePicker />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            筛选
          </Button>
          <Button onClick={() => download(API.exportAudit, { query }, 'audit.csv')}>导出 CSV</Button>
        </Space>
      </Form>
      {error && <Alert type="error" message={error.message} showIcon style={{ marginBottom: 16 }} />}
      <Table<AuditEntryView>
        rowKey="id"
        loading={!data && !error}
        dataSource={[...(data ?? []), ...more]}
        pagination={false}
        data-testid="audit-table"
        columns={[
          { title: '时间', dataIndex: 'at', render: (v: string) => new Date(v).toLocaleString('zh-CN') },
          { title: '操作员', render: (_, e) => e.operator?.displayName ?? '引导令牌' },
          { title: '操作', dataIndex: 'action' },
          { title: '对象', dataIndex: 'target' },
          { title: '摘要', dataIndex: 'summary' },
          { title: 'IP', dataIndex: 'ip' },
        ]}
      />
      {cursor && (
        <Button style={{ marginTop: 16 }} onClick={loadMore}>
          更多
        </Button>
      )}
    </>
  );
}
