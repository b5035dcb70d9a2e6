import { useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Select, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { API, formatFen, type ProductView } from '@puhui/shared';
import { ApiError, call } from '../api/client';
import { EditionContentFields, contentToForm, formToContent, type ContentForm } from './EditionContentForm';
import { useLoad } from '../lib/use-load';

interface EditionForm {
  code: string;
  name: string;
  year: number;
  premiumYuan: number;
  sumInsuredYuan: number;
  enrollment: [Dayjs, Dayjs];
  coverage: [Dayjs, Dayjs];
  insurers: string[];
  content: ContentForm;
}

/** The API's names of the fields this form shows under other names (yuan, date ranges). */
const FORM_NAMES: Record<string, string> = {
  premiumFen: 'premiumYuan',
  sumInsuredFen: 'sumInsuredYuan',
  enrollmentStart: 'enrollment',
  enrollmentEnd: 'enrollment',
  coverageStart: 'coverage',
  coverageEnd: 'coverage',
};

/** `content.cover.items.0.limitFen` → ['content', 'cover', 'items', 0, 'limitFen']. */
function formPath(field: string): Array<string | number> {
  const parts = field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (parts.length === 1 && FORM_NAMES[field]) return [FORM_NAMES[field]];
  return parts;
}

const DATE = 'YYYY-MM-DD';

function toForm(p: ProductView): EditionForm {
  return {
    code: p.code,
    name: p.name,
    year: p.year,
    premiumYuan: p.premiumFen / 100,
    sumInsuredYuan: p.sumInsuredFen / 100,
    enrollment: [dayjs(p.enrollmentStart), dayjs(p.enrollmentEnd)],
    coverage: [dayjs(p.coverageStart), dayjs(p.coverageEnd)],
    insurers: p.insurers,
    content: contentToForm(p.content),
  };
}

/** 产品年度: the editions and the editor of one (`PUT /admin/products/:code`), its content as a form. */
export function EditionsPage() {
  const { message } = App.useApp();
  const { data, error, reload } = useLoad(() => call(API.listProducts, { query: {} }));
  const [form] = Form.useForm<EditionForm>();
  const [editing, setEditing] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);

  const save = async (v: EditionForm) => {
    setSaveError(null);
    const content = formToContent(v.content);
    try {
      await call(API.putProduct, {
        params: { code: v.code },
        body: {
          name: v.name,
          year: v.year,
          premiumFen: Math.round(v.premiumYuan * 100),
          sumInsuredFen: Math.round(v.sumInsuredYuan * 100),
          enrollmentStart: v.enrollment[0].format(DATE),
          enrollmentEnd: v.enrollment[1].format(DATE),
          coverageStart: v.coverage[0].format(DATE),
          coverageEnd: v.coverage[1].format(DATE),
          insurers: v.insurers,
          content,
        },
      });
      message.success('产品年度已保存');
      setEditing(null);
      reload();
    } catch (e) {
      setSaveError(e instanceof ApiError ? e.message : String(e));
      // The server's 400 names each field: the message goes on the field itself.
      const details =
        e instanceof ApiError ? (e.details as { fields?: Array<{ field: string; message: string }> }) : null;
      const fields = details?.fields ?? [];
      type Name = Parameters<typeof form.setFields>[0][number]['name'];
      form.setFields(fields.map((f) => ({ name: formPath(f.field) as Name, errors: [f.message] })));
      if (fields.length > 0) form.scrollToField(formPath(fields[0].field) as Name);
    }
  };

  if (error) return <Alert type="error" message={error.message} showIcon />;
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button
          type="primary"
          onClick={() => {
            form.resetFields();
            form.setFieldsValue({ content: contentToForm(null) });
            setEditing('new');
          }}
        >
          新建年度
        </Button>
      </Space>
      <Table<ProductView>
        rowKey="code"
        loading={!data}
        dataSource={data ?? []}
        pagination={false}
        columns={[
          { title: '编码', dataIndex: 'code' },
          { title: '名称', dataIndex: 'name' },
          { title: '年度', dataIndex: 'year' },
          { title: '保费', dataIndex: 'premiumFen', render: (v: number) => formatFen(v) },
          { title: '投保期', render: (_, p) => `${p.enrollmentStart} 至 ${p.enrollmentEnd}` },
          { title: '保障内容', render: (_, p) => (p.content ? '已发布' : '未发布') },
          {
            title: '操作',
            render: (_, p) => (
              <Button
                data-testid={`edit-${p.code}`}
                onClick={() => {
                  form.setFieldsValue(toForm(p));
                  setEditing(p.code);
                }}
              >
                编辑
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <Form
          form={form}
          layout="vertical"
          onFinish={save}
          style={{ marginTop: 24, maxWidth: 1100 }}
          data-testid="edition-form"
        >
          {saveError && <Alert type="error" message={saveError} showIcon style={{ marginBottom: 16 }} />}
          <Form.Item label="编码" name="code" rules={[{ required: true, message: '请填写编码' }]}>
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item label="名称" name="name" rules={[{ required: true, message: '请填写名称' }]}>
            <Input />
          </Form.Item>
          <Space>
            <Form.Item label="年度" name="year" rules={[{ required: true }]}>
              <InputNumber min={2020} max={2100} />
            </Form.Item>
            <Form.Item label="保费（元）" name="premiumYuan" rules={[{ required: true }]}>
              <InputNumber min={0} precision={2} data-testid="premium" />
            </Form.Item>
            <Form.Item label="保额（元）" name="sumInsuredYuan" rules={[{ required: true }]}>
              <InputNumber min={0} precision={2} />
            </Form.Item>
          </Space>
          <Form.Item label="投保期" name="enrollment" rules={[{ required: true }]}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item label="保障期" name="coverage" rules={[{ required: true }]}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item label="承保公司" name="insurers" rules={[{ required: true }]}>
            <Select mode="tags" />
          </Form.Item>
          <EditionContentFields />
          <Space>
            <Button type="primary" htmlType="submit" data-testid="save-edition">
              保存
            </Button>
            <Button onClick={() => setEditing(null)}>取消</Button>
          </Space>
        </Form>
      )}
    </>
  );
}
