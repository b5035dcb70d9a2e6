import { Alert, Card, Col, Row, Statistic } from 'antd';
import { API, LABELS, RELATIONSHIPS, type AdminStatsResponse } from '@puhui/shared';
import { call } from '../api/client';
import { Chart, type ChartOption } from '../components/Chart';
import { useLoad } from '../lib/use-load';

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** 家庭共济 bindings per day, stacked by relationship, with the bindings ended as a line. */
function bindingsChart(stats: AdminStatsResponse): ChartOption {
  const days = [...new Set(stats.bindingsPerDay.map((d) => d.date))];
  const kinds = RELATIONSHIPS.filter((k) => stats.bindingsPerDay.some((d) => d.relationship === k));
  const on = (day: string, kind: string) =>
    stats.bindingsPerDay.find((d) => d.date === day && d.relationship === kind)?.bound ?? 0;
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    xAxis: { type: 'category', data: days },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      ...kinds.map((k) => ({
        name: LABELS.relationship[k],
        type: 'bar',
        stack: 'bound',
        data: days.map((day) => on(day, k)),
      })),
      {
        name: '解除',
        type: 'line',
        data: days.map((day) =>
          stats.bindingsPerDay.filter((d) => d.date === day).reduce((s, d) => s + d.ended, 0),
        ),
      },
    ],
  };
}

function charts(stats: AdminStatsResponse): Record<string, ChartOption> {
  const editions = [...stats.editions].reverse();
  return {
    bindings: bindingsChart(stats),
    perDay: {
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: stats.enrolmentsPerDay.map((d) => d.date) },
      yAxis: { type: 'value' },
      series: [{ name: '投保人数', type: 'line', data: stats.enrolmentsPerDay.map((d) => d.policies) }],
    },
    paymentShare: {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          data: (['PERSONAL_ACCOUNT', 'WECHAT_PAY'] as const).map((m) => ({
            name: LABELS.paymentMethod[m],
            value: editions.reduce((sum, e) => sum + e.byPaymentMethod[m], 0),
          })),
        },
      ],
    },
    autoRenew: {
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: editions.map((e) => e.productCode) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: '自动续保占比',
          type: 'bar',
          data: editions.map((e) => +(e.autoRenewShare * 100).toFixed(1)),
        },
      ],
    },
    failures: {
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: stats.renewalFailures.map((f) => `${f.productCode} ${f.reason}`) },
      yAxis: { type: 'value' },
      series: [{ name: '续保失败', type: 'bar', data: stats.renewalFailures.map((f) => f.count) }],
    },
    editions: {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      xAxis: { type: 'category', data: editions.map((e) => e.productCode) },
      yAxis: { type: 'value' },
      series: [
        { name: '参保人数', type: 'bar', data: editions.map((e) => e.policies) },
        { name: '个账支付', type: 'bar', data: editions.map((e) => e.byPaymentMethod.PERSONAL_ACCOUNT) },
        { name: '自动续保', type: 'bar', data: editions.map((e) => e.autoRenew) },
      ],
    },
  };
}

/** 概览: the statistics as charts (rollups kept by the payment and renewal paths, see stats.service.ts). */
export function OverviewPage() {
  const { data, error } = useLoad(() => call(API.adminStats));
  if (error) return <Alert type="error" message={error.message} showIcon />;
  if (!data) return <Card loading />;
  const c = charts(data);
  // The API lists editions newest first; the charts read left to right, oldest first.
  const latest = data.editions[0];
  return (
    <>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={6}>
          <Card>
            <Statistic title="本年度参保人数" value={latest?.policies ?? 0} data-testid="stat-policies" />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title="个账支付占比" value={latest ? percent(latest.personalAccountShare) : '—'} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title="自动续保占比" value={latest ? percent(latest.autoRenewShare) : '—'} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title="续保失败" value={data.renewalFailures.reduce((s, f) => s + f.count, 0)} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col span={12}>
          <Card title="每日投保人数">
            <Chart option={c.perDay} testId="chart-per-day" />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="个账 / 微信支付">
            <Chart option={c.paymentShare} testId="chart-payment-share" />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="自动续保占比">
            <Chart option={c.autoRenew} />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="续保失败原因">
            <Chart option={c.failures} />
          </Card>
        </Col>
        <Col span={24}>
          <Card
            title="家庭共济绑定（按日、按关系）"
            extra={`近 60 天新增 ${data.bindingsPerDay.reduce((s, d) => s + d.bound, 0)}，解除 ${data.bindingsPerDay.reduce((s, d) => s + d.ended, 0)}`}
            data-testid="bindings-card"
          >
            <Chart option={c.bindings} testId="chart-bindings" />
          </Card>
        </Col>
        <Col span={24}>
          <Card title="本年度与上年度">
            <Chart option={c.editions} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
