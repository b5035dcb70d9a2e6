import { Alert, Button, Checkbox, Form, Input, InputNumber, Switch } from 'antd';
import { API, LABELS, RELATIONSHIPS, type RegionSettingsRequest } from '@puhui/shared';
import { call } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSubmit } from '../lib/use-submit';

/** 统筹区设置: which relationships may be bound, how many, across regions (`PUT /admin/regions/:regionCode`). */
export function RegionsPage() {
  const { submit, busy, error, result } = useSubmit(
    ({ regionCode, ...body }: RegionSettingsRequest & { regionCode: string }) =>
      call(API.putRegion, { params: { regionCode }, body }),
  );
  return (
    <Form
      layout="vertical"
      onFinish={submit}
      style={{ maxWidth: 560 }}
      initialValues={{
        regionCode: '110000',
        allowedRelationships: [...RELATIONSHIPS],
        maxRelatives: 10,
        crossRegionSharing: false,
      }}
    >
      <ErrorAlert error={error} />
      {result && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          message={`统筹区 ${result.region.regionCode} 已保存`}
        />
      )}
      <Form.Item
        label="统筹区代码"
        name="regionCode"
        rules={[{ required: true, pattern: /^\d{6}$/, message: '6 位行政区划代码' }]}
      >
        <Input />
      </Form.Item>
      <Form.Item label="可绑定的亲属关系" name="allowedRelationships">
        <Checkbox.Group options={RELATIONSHIPS.map((r) => ({ value: r, label: LABELS.relationship[r] }))} />
      </Form.Item>
      <Form.Item label="可绑定亲属人数上限" name="maxRelatives" rules={[{ required: true }]}>
        <InputNumber min={1} max={50} />
      </Form.Item>
      <Form.Item label="允许跨统筹区共济" name="crossRegionSharing" valuePropName="checked">
        <Switch />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        保存
      </Button>
    </Form>
  );
}
