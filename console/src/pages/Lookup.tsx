import type { ReactNode } from 'react';
import { Button, Card, Descriptions, Form, Input, Table, Tag } from 'antd';
import {
  API,
  LABELS,
  formatFen,
  isValidIdNumber,
  type AuthorizerView,
  type BindingView,
  type PersonLookupView,
  type PersonView,
  type PolicyView,
} from '@puhui/shared';
import { call } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSubmit } from '../lib/use-submit';
import { FAILURE_NAMES } from './Renewals';

const GENDER: Record<PersonView['gender'], string> = { MALE: '男', FEMALE: '女' };
const POLICY_STATUS: Record<string, string> = { ACTIVE: '有效', CANCELLED: '已退保' };
const RENEWAL_STATUS: Record<string, string> = { NOTICED: '已通知待扣款', FAILED: '扣款失败（将重试）' };
const time = (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN') : '—');
const yuan = (fen: number) => `¥${formatFen(fen)}`;
const label = <K extends string>(names: Record<K, string>, v: K) => names[v] ?? v;
/** A person as the server gives them: masked name and ID number only. */
const who = (p: PersonView | undefined | null) => (p ? `${p.name}（${p.idNumberMasked}）` : '—');

/** The person's fields with their Chinese labels; the values are the server's (masked). */
function personItems(p: PersonView): Array<{ key: string; label: string; children: ReactNode }> {
  return [
    { key: 'name', label: '姓名', children: p.name },
    { key: 'idNumberMasked', label: '身份证号', children: p.idNumberMasked },
    { key: 'gender', label: '性别', children: GENDER[p.gender] },
    { key: 'birthDate', label: '出生日期', children: p.birthDate },
    { key: 'insuranceType', label: '参保类型', children: label(LABELS.insuranceType, p.insuranceType) },
    { key: 'regionCode', label: '参保地', children: p.regionCode },
    { key: 'status', label: '参保状态', children: label(LABELS.personStatus, p.status) },
    { key: 'hasPersonalAccount', label: '医保个人账户', children: p.hasPersonalAccount ? '有' : '无' },
  ];
}

type Renewal = PersonLookupView['renewals'][number];

/**
 * 参保人查询 for the hotline: the ID number travels in the body (never the URL) with the reason the
 * server writes into the audit row; everything shown is masked by the server, under Chinese labels.
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
            <Descriptions column={3} items={personItems(result.person)} />
          </Card>
          {result.account && (
            <Card title="医保个人账户" style={{ marginBottom: 16 }} data-testid="lookup-account">
              <Descriptions
                items={[
                  { key: 'balance', label: '余额', children: yuan(result.account.balanceFen) },
                  { key: 'updatedAt', label: '更新时间', children: time(result.account.updatedAt) },
                ]}
              />
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={result.account.lastEntries}
                columns={[
                  { title: '时间', dataIndex: 'createdAt', render: time },
                  { title: '类型', dataIndex: 'kind', render: (v) => label(LABELS.ledgerKind, v) },
                  { title: '金额', dataIndex: 'amountFen', render: yuan },
                  { title: '余额', dataIndex: 'balanceAfterFen', render: yuan },
                ]}
              />
            </Card>
          )}
          <Card title="为亲属共济（本人付）" style={{ marginBottom: 16 }}>
            <Table<BindingView>
              rowKey="bindingId"
              size="small"
              pagination={false}
              dataSource={result.bindings}
              columns={[
                { title: '亲属', render: (_, b) => who(b.relative.person) },
                { title: '关系', dataIndex: 'relationship', render: (v) => label(LABELS.relationship, v) },
                { title: '状态', dataIndex: 'status', render: (v) => label(LABELS.bindingStatus, v) },
                { title: '绑定时间', dataIndex: 'boundAt', render: time },
                { title: '结束时间', dataIndex: 'endedAt', render: time },
              ]}
            />
          </Card>
          <Card title="为本人共济的账户" style={{ marginBottom: 16 }}>
            <Table<AuthorizerView>
              rowKey="bindingId"
              size="small"
              pagination={false}
              dataSource={result.authorizers}
              columns={[
                { title: '共济人', render: (_, a) => who(a.authorizer.person) },
                { title: '扣款顺序', dataIndex: 'priority' },
                { title: '关系', dataIndex: 'relationship', render: (v) => label(LABELS.relationship, v) },
              ]}
            />
          </Card>
          <Card title="保单" style={{ marginBottom: 16 }}>
            <Table<PolicyView>
              rowKey="policyNo"
              size="small"
              pagination={false}
              dataSource={result.policies}
              data-testid="lookup-policies"
              columns={[
                { title: '保单号', dataIndex: 'policyNo' },
                { title: '产品', render: (_, p) => `${p.productName}（${p.year}）` },
                { title: '被保险人', render: (_, p) => who(p.insured.person) },
                { title: '付款人', render: (_, p) => who(p.payer?.person) },
                {
                  title: '支付方式',
                  dataIndex: 'paymentMethod',
                  render: (v) => label(LABELS.paymentMethod, v),
                },
                { title: '保费', dataIndex: 'premiumFen', render: yuan },
                { title: '状态', dataIndex: 'status', render: (v) => POLICY_STATUS[v] ?? v },
                { title: '保障期', render: (_, p) => `${p.coverageStart} 至 ${p.coverageEnd}` },
                {
                  title: '自动续保',
                  dataIndex: 'autoRenew',
                  render: (v) => (v ? <Tag color="green">开</Tag> : '关'),
                },
              ]}
            />
          </Card>
          <Card title="续保" style={{ marginBottom: 16 }}>
            <Table<Renewal>
              rowKey="policyNo"
              size="small"
              pagination={false}
              dataSource={result.renewals}
              columns={[
                { title: '保单号', dataIndex: 'policyNo' },
                { title: '续保至', render: (_, r) => `${r.productCode}（${r.year}）` },
                { title: '扣款日', dataIndex: 'debitOn' },
                { title: '保费', dataIndex: 'premiumFen', render: yuan },
                { title: '状态', dataIndex: 'status', render: (v) => RENEWAL_STATUS[v] ?? v },
                {
                  title: '失败原因',
                  dataIndex: 'failureReason',
                  render: (v: Renewal['failureReason']) => (v ? FAILURE_NAMES[v] : '—'),
                },
              ]}
            />
          </Card>
        </>
      )}
    </>
  );
}
