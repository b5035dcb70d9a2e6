import { useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Select, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { API, formatFen, type ProductView } from '@puhui/shared';
import { ApiError, call } from '../api/client';
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
  contentJson: string;
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
    contentJson: p.content ? JSON.stringify(p.content, null, 2) : '',
  };
}

/** 产品年度: the editions and the editor of one (`PUT /admin/products/:code`), its content as JSON. */
export function EditionsPage() {
  const { message } = App.useApp();
  const { data, error, reload } = useLoad(() => call(API.listProducts, { query: {} }));
  const [form] = Form.useForm<EditionForm>();
  const [editing, setEditing] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);

  const save = async (v: EditionForm) => {
    setSaveError(null);
    let content;
    try {
      content = v.contentJson.trim() ? JSON.parse(v.contentJson) : undefined;
    } catch {
      setSaveError('保障内容不是有效的 JSON，请检查括号和引号');
      return;
    }
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
          ...(content !== undefined ? { content } : {}),
        },
      });
      message.success('产品年度已保存');
      setEditing(null);
      reload();
    } catch (e) {
      setSaveError(e instanceof ApiError ? e.message : String(e));
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
          style={{ marginTop: 24, maxWidth: 720 }}
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
          <Form.Item
            label="保障内容（JSON：保障责任、投保须知、条款、理赔指引、常见问题）"
            name="contentJson"
          >
            <Input.TextArea rows={12} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
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
