import { Alert, Button, DatePicker, Form, Input, InputNumber, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { API, LABELS, RESIDENT_CATEGORIES, formatFen } from '@puhui/shared';
import { call } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSubmit } from '../lib/use-submit';

interface TariffForm {
  regionCode: string;
  year: number;
  ELDERLY: number;
  STUDENT: number;
  WORKING_AGE: number;
  period?: [Dayjs, Dayjs];
}

/** 居民医保缴费标准 and 集中参保期 of a region and year (`PUT /admin/resident-tariffs/:regionCode/:year`). */
export function TariffsPage() {
  const { submit, busy, error, result } = useSubmit((v: TariffForm) =>
    call(API.putResidentTariff, {
      params: { regionCode: v.regionCode, year: v.year },
      body: {
        ELDERLY: Math.round(v.ELDERLY * 100),
        STUDENT: Math.round(v.STUDENT * 100),
        WORKING_AGE: Math.round(v.WORKING_AGE * 100),
        ...(v.period
          ? {
              collectionStart: v.period[0].format('YYYY-MM-DD'),
              collectionEnd: v.period[1].format('YYYY-MM-DD'),
            }
          : {}),
      },
    }),
  );
  return (
    <Form<TariffForm>
      layout="vertical"
      onFinish={submit}
      style={{ maxWidth: 560 }}
      initialValues={{ regionCode: '110000' }}
    >
      <ErrorAlert error={error} />
      {result && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          message={`已保存 ${result.tariff.regionCode} ${result.tariff.year} 年：${RESIDENT_CATEGORIES.map((c) => `${LABELS.residentCategory[c]} ${formatFen(result.tariff[c])}`).join('，')}`}
        />
      )}
      <Space>
        <Form.Item
          label="统筹区代码"
          name="regionCode"
          rules={[{ required: true, pattern: /^\d{6}$/, message: '6 位行政区划代码' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item label="年度" name="year" rules={[{ required: true }]}>
          <InputNumber min={2020} max={2100} />
        </Form.Item>
      </Space>
      {RESIDENT_CATEGORIES.map((c) => (
        <Form.Item
          key={c}
          label={`${LABELS.residentCategory[c]}（元/年）`}
          name={c}
          rules={[{ required: true }]}
        >
          <InputNumber min={0} precision={2} />
        </Form.Item>
      ))}
      <Form.Item label="集中参保期（不填则保持原设置）" name="period">
        <DatePicker.RangePicker />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        保存
      </Button>
    </Form>
  );
}
