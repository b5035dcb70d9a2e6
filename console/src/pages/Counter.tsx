import { Alert, Button, Checkbox, Form, Input, Select } from 'antd';
import { LABELS, RELATIONSHIPS, isValidIdNumber } from '@puhui/shared';
import { call } from '../api/client';
import { API, type CounterBindingRequest } from '@puhui/shared';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSubmit } from '../lib/use-submit';

/** The documents a counter may accept as proof of the relationship (product.md §9, seed 001). */
const DOCUMENTS = [
  '户口本',
  '结婚证',
  '出生医学证明',
  '亲属关系公证书',
  '居民身份证',
  '单位或街道出具的关系证明',
];

const idRule = {
  required: true,
  validator: async (_: unknown, v?: string) => {
    if (!isValidIdNumber(v ?? '')) throw new Error('身份证号校验不通过，请核对证件');
  },
};

/** 窗口办理: binding a relative for a person at the counter, with the documents seen. */
export function CounterPage() {
  const { submit, busy, error, result } = useSubmit((v: CounterBindingRequest) =>
    call(API.counterBindRelative, { body: v }),
  );
  return (
    <Form layout="vertical" onFinish={submit} style={{ maxWidth: 560 }}>
      <ErrorAlert error={error} />
      {result && <Alert type="success" showIcon style={{ marginBottom: 16 }} message="家庭共济绑定已办理" />}
      <Form.Item label="授权人（个账持有人）身份证号" name="authorizerIdNumber" rules={[idRule]}>
        <Input />
      </Form.Item>
      <Form.Item label="亲属身份证号" name="relativeIdNumber" rules={[idRule]}>
        <Input />
      </Form.Item>
      <Form.Item label="关系" name="relationship" rules={[{ required: true, message: '请选择关系' }]}>
        <Select options={RELATIONSHIPS.map((r) => ({ value: r, label: LABELS.relationship[r] }))} />
      </Form.Item>
      <Form.Item
        label="已核验的证件"
        name="documentsSeen"
        rules={[{ required: true, message: '请勾选已核验的关系证明' }]}
      >
        <Checkbox.Group options={DOCUMENTS} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        办理绑定
      </Button>
    </Form>
  );
}
