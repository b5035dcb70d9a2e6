import { Button, Card, Descriptions, Form, Input, Table } from 'antd';
import { isValidIdNumber } from '@puhui/shared';
import { call } from '../api/client';
import { API } from '@puhui/shared';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSubmit } from '../lib/use-submit';

function rows(items: Array<Record<string, unknown>>) {
  const keys = [...new Set(items.flatMap((i) => Object.keys(i)))].filter(
    (k) => typeof items[0]?.[k] !== 'object',
  );
  return keys.map((k) => ({ title: k, dataIndex: k, key: k, render: (v: unknown) => String(v ?? '') }));
}

/**
 * 参保人查询 for the hotline: the ID number travels in the body (never the URL) with the reason the
 * server writes into the audit row; everything shown is masked by the server.
 */
export function LookupPage() {
  const { submit, busy, error, result } = useSubmit((v: { idNumber: string; reason: string }) =>
    call(API.lookupPerson, { body: v }),
  );
  return (
    <>
      <Form layout="inline" onFinish={submit} style={{ marginBottom: 16 }}>
        <Form.Item
          name="idNumber"
          rules={[
            {
              required: true,
              validator: async (_, v) => {
                if (!isValidIdNumber(v ?? '')) throw new Error('身份证号校验不通过');
              },
            },
          ]}
        >
          <Input placeholder="身份证号" style={{ width: 220 }} data-testid="lookup-id" />
        </Form.Item>
        <Form.Item name="reason" rules={[{ required: true, message: '请填写查询事由（记入审计日志）' }]}>
          <Input
            placeholder="查询事由，如：热线来电 工单号"
            style={{ width: 320 }}
            data-testid="lookup-reason"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="lookup-submit">
          查询
        </Button>
      </Form>
      <ErrorAlert error={error} />
      {result && (
        <>
          <Card title="参保人" style={{ marginBottom: 16 }} data-testid="lookup-person">
            <Descriptions
              column={3}
              items={Object.entries(result.person).map(([k, v]) => ({
                key: k,
                label: k,
                children: String(v ?? ''),
              }))}
            />
          </Card>
          {result.account && (
            <Card title="个账" style={{ marginBottom: 16 }}>
              <Descriptions
                items={Object.entries(result.account)
                  .filter(([, v]) => typeof v !== 'object')
                  .map(([k, v]) => ({ key: k, label: k, children: String(v) }))}
              />
            </Card>
          )}
          {(['bindings', 'policies', 'renewals'] as const).map((part) => (
            <Card
              key={part}
              title={{ bindings: '共济绑定', policies: '保单', renewals: '续保' }[part]}
              style={{ marginBottom: 16 }}
            >
              <Table
                rowKey={(_, i) => String(i)}
                size="small"
                pagination={false}
                dataSource={result[part] as unknown as Record<string, unknown>[]}
                columns={rows(result[part] as unknown as Record<string, unknown>[])}
              />
            </Card>
          ))}
        </>
      )}
    </>
  );
}
