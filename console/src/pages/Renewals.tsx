import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Progress,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { API, RENEWAL_FAILURE_REASONS, type RenewalRunRequest, type RenewalRunResponse } from '@puhui/shared';
import { call } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { useLoad } from '../lib/use-load';

export const FAILURE_NAMES: Record<(typeof RENEWAL_FAILURE_REASONS)[number], string> = {
  INSUFFICIENT_BALANCE: '个账余额不足',
  BINDING_ENDED: '共济关系已解除',
  NOT_ELIGIBLE: '不再符合投保条件',
  ALREADY_ENROLLED: '已自行投保',
};

interface RunRecord extends RenewalRunResponse {
  key: number;
  pair: string;
  at: string;
}

function Outcome({ result }: { result: RenewalRunResponse }) {
  return (
    <Descriptions
      bordered
      size="small"
      column={3}
      data-testid={result.dryRun ? 'dry-run-result' : 'run-result'}
      items={[
        { key: 'asOf', label: '业务日期', children: result.asOf },
        {
          key: 'noticed',
          label: '发送续保通知',
          children: <span data-testid="noticed">{result.noticed}</span>,
        },
        { key: 'attempted', label: '尝试扣款', children: result.attempted },
        { key: 'renewed', label: '续保成功', children: <span data-testid="renewed">{result.renewed}</span> },
        { key: 'skipped', label: '跳过', children: result.skipped },
        ...RENEWAL_FAILURE_REASONS.map((r) => ({
          key: r,
          label: FAILURE_NAMES[r],
          children: result.failed[r] ?? 0,
        })),
      ]}
    />
  );
}

/**
 * 续保: a dry run first (everything done and rolled back, counts per outcome), then the run. The run is
 * one request that returns when every chunk is committed; the bar shows it running and reaches 100 %
 * with the answer.
 */
export function RenewalsPage() {
  const products = useLoad(() => call(API.listProducts, { query: {} }));
  const [form] = Form.useForm<{ from: string; to: string; asOf?: Dayjs }>();
  const [dryRun, setDryRun] = useState<RenewalRunResponse | null>(null);
  const [running, setRunning] = useState<false | 'dry' | 'run'>(false);
  const [elapsed, setElapsed] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [history, setHistory] = useState<RunRecord[]>([]);

  useEffect(() => {
    if (running !== 'run') return;
    const started = Date.now();
    const timer = setInterval(() => setElapsed(Date.now() - started), 250);
    return () => clearInterval(timer);
  }, [running]);

  const run = async (dry: boolean) => {
    const v = await form.validateFields();
    const body: RenewalRunRequest = {
      fromProductCode: v.from,
      toProductCode: v.to,
      dryRun: dry,
      ...(v.asOf ? { asOf: v.asOf.format('YYYY-MM-DD') } : {}),
    };
    setRunning(dry ? 'dry' : 'run');
    setError(null);
    setElapsed(0);
    try {
      const result = await call(API.runRenewals, { body });
      if (dry) setDryRun(result);
      setHistory((h) => [
        { ...result, key: Date.now(), pair: `${v.from} → ${v.to}`, at: new Date().toLocaleString('zh-CN') },
        ...h,
      ]);
      if (!dry) setDryRun(null);
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  };

  const options = (products.data ?? []).map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }));
  const last = history.find((h) => !h.dryRun);
  return (
    <>
      <Card title="续保任务" style={{ marginBottom: 16 }}>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message="每日 02:00（北京时间）自动执行一次：为投保期内的年度续保上一年度的自动续保保单。手动执行前请先试运行，核对各结果的人数。"
        />
        <Form form={form} layout="inline">
          <Form.Item name="from" label="上一年度" rules={[{ required: true, message: '请选择' }]}>
            <Select showSearch optionFilterProp="label" options={options} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="to" label="续保至" rules={[{ required: true, message: '请选择' }]}>
            <Select showSearch optionFilterProp="label" options={options} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="asOf" label="业务日期">
            <DatePicker placeholder="默认今天" />
          </Form.Item>
          <Space>
            <Button
              onClick={() => run(true)}
              loading={running === 'dry'}
              disabled={!!running}
              data-testid="dry-run"
            >
              试运行
            </Button>
            <Button
              type="primary"
              danger
              onClick={() => run(false)}
              loading={running === 'run'}
              disabled={!!running || !dryRun}
              data-testid="run"
            >
              执行续保
            </Button>
          </Space>
        </Form>
        <div style={{ marginTop: 16 }}>
          <ErrorAlert error={error} />
          {(running === 'run' || last) && (
            <Progress
              percent={running === 'run' ? Math.min(95, Math.round(elapsed / 100)) : 100}
              status={running === 'run' ? 'active' : 'success'}
              data-testid="renewal-progress"
            />
          )}
          {dryRun && (
            <>
              <Tag color="orange" style={{ margin: '8px 0' }}>
                试运行结果（未扣款、未发通知）
              </Tag>
              <Outcome result={dryRun} />
            </>
          )}
          {last && !dryRun && (
            <>
              <Tag color="green" style={{ margin: '8px 0' }}>
                执行结果
              </Tag>
              <Outcome result={last} />
            </>
          )}
        </div>
      </Card>
      <Card title="本次登录的执行记录">
        <Table<RunRecord>
          rowKey="key"
          size="small"
          dataSource={history}
          pagination={false}
          locale={{ emptyText: '暂无记录' }}
          columns={[
            { title: '时间', dataIndex: 'at' },
            { title: '年度', dataIndex: 'pair' },
            { title: '类型', render: (_, r) => (r.dryRun ? '试运行' : '执行') },
            { title: '通知', dataIndex: 'noticed' },
            { title: '续保成功', dataIndex: 'renewed' },
            {
              title: '失败',
              render: (_, r) =>
                Object.entries(r.failed)
                  .map(([k, n]) => `${FAILURE_NAMES[k as keyof typeof FAILURE_NAMES]} ${n}`)
                  .join('，') || '0',
            },
          ]}
        />
      </Card>
    </>
  );
}
