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
import {
  API,
  RENEWAL_FAILURE_REASONS,
  type RenewalRunRequest,
  type RenewalRunResponse,
  type RenewalRunView,
} from '@puhui/shared';
import { call, download } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { useLoad } from '../lib/use-load';

export const FAILURE_NAMES: Record<(typeof RENEWAL_FAILURE_REASONS)[number], string> = {
  INSUFFICIENT_BALANCE: '个账余额不足',
  BINDING_ENDED: '共济关系已解除',
  NOT_ELIGIBLE: '不再符合投保条件',
  ALREADY_ENROLLED: '已自行投保',
};

const STATUS: Record<RenewalRunView['status'], { color: string; text: string }> = {
  RUNNING: { color: 'processing', text: '执行中' },
  DONE: { color: 'success', text: '已完成' },
  FAILED: { color: 'error', text: '中断' },
};

const time = (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN') : '—');

/** How often the page asks for the history while a run goes (its progress). */
const POLL_MS = 2_000;

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
 * one request that returns when every chunk is committed; meanwhile the page polls the history, whose
 * running row counts the renewal rows written so far — the bar is that count against the dry run's.
 * The history (every run, the schedule's too) is the server's, with a download of each run's failures.
 */
export function RenewalsPage() {
  const products = useLoad(() => call(API.listProducts, { query: {} }));
  const runs = useLoad(() => call(API.listRenewalRuns));
  const [form] = Form.useForm<{ from: string; to: string; asOf?: Dayjs }>();
  const [dryRun, setDryRun] = useState<RenewalRunResponse | null>(null);
  const [running, setRunning] = useState<false | 'dry' | 'run'>(false);
  const [last, setLast] = useState<RenewalRunResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const { reload } = runs;

  // While a run goes, the history (with the running row's progress) is asked for again and again.
  const anyRunning = running === 'run' || !!runs.data?.runs.some((r) => r.status === 'RUNNING');
  useEffect(() => {
    if (!anyRunning) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [anyRunning, reload]);

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
    if (!dry) setLast(null);
    try {
      const result = await call(API.runRenewals, { body });
      if (dry) setDryRun(result);
      else {
        setLast(result);
        setDryRun(null);
      }
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
      reload();
    }
  };

  const current = runs.data?.runs.find((r) => r.status === 'RUNNING' && !r.dryRun);
  // The dry run's counts are what the run will write: notices plus charges.
  const expected = dryRun ? dryRun.noticed + dryRun.attempted : 0;
  const percent = last
    ? 100
    : current && expected > 0
      ? Math.min(99, Math.floor((current.progressed / expected) * 100))
      : 0;
  const next = runs.data?.nextScheduledRun;
  const options = (products.data ?? []).map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }));
  return (
    <>
      <Card title="续保任务" style={{ marginBottom: 16 }}>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="next-run"
          message={
            next
              ? `下次自动执行：${time(next.at)}（北京时间，计划 ${next.cron}）：为投保期内的年度续保上一年度的自动续保保单。手动执行前请先试运行，核对各结果的人数。`
              : '自动执行已关闭（RENEWAL_SCHEDULE=off）。手动执行前请先试运行，核对各结果的人数。'
          }
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
            <>
              <Progress
                percent={percent}
                status={running === 'run' ? 'active' : 'success'}
                data-testid="renewal-progress"
              />
              {running === 'run' && current && (
                <span data-testid="progressed">已处理 {current.progressed} 条</span>
              )}
            </>
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
      <Card title="执行记录">
        <ErrorAlert error={runs.error ?? downloadError} />
        <Table<RenewalRunView>
          rowKey="id"
          size="small"
          data-testid="run-history"
          dataSource={runs.data?.runs ?? []}
          pagination={false}
          locale={{ emptyText: '暂无记录' }}
          columns={[
            { title: '开始', dataIndex: 'startedAt', render: time },
            { title: '结束', dataIndex: 'finishedAt', render: time },
            { title: '执行人', dataIndex: 'startedBy' },
            { title: '年度', render: (_, r) => `${r.fromProductCode} → ${r.toProductCode}` },
            { title: '业务日期', dataIndex: 'asOf' },
            { title: '类型', render: (_, r) => (r.dryRun ? '试运行' : '执行') },
            {
              title: '状态',
              render: (_, r) => (
                <Tag color={STATUS[r.status].color}>
                  {STATUS[r.status].text}
                  {r.errorCode ? ` ${r.errorCode}` : ''}
                </Tag>
              ),
            },
            { title: '通知', render: (_, r) => r.noticed ?? (r.status === 'RUNNING' ? r.progressed : '—') },
            { title: '尝试扣款', dataIndex: 'attempted', render: (v) => v ?? '—' },
            { title: '续保成功', dataIndex: 'renewed', render: (v) => v ?? '—' },
            { title: '跳过', dataIndex: 'skipped', render: (v) => v ?? '—' },
            {
              title: '失败',
              render: (_, r) =>
                Object.entries(r.failed ?? {})
                  .map(([k, n]) => `${FAILURE_NAMES[k as keyof typeof FAILURE_NAMES]} ${n}`)
                  .join('，') || (r.failed ? '0' : '—'),
            },
            {
              title: '失败名单',
              render: (_, r) =>
                !r.dryRun && r.status !== 'RUNNING' && Object.keys(r.failed ?? {}).length > 0 ? (
                  <Button
                    size="small"
                    data-testid="download-failures"
                    onClick={() => {
                      setDownloadError(null);
                      download(
                        API.renewalRunFailuresCsv,
                        { params: { id: r.id } },
                        `renewal-failures-${r.asOf}.csv`,
                      ).catch(setDownloadError);
                    }}
                  >
                    下载
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
    </>
  );
}
