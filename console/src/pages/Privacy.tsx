import { Alert, Button, Card, Form, Input, Select, Space, Table, Typography } from 'antd';
import {
  API,
  PRIVACY_DOCUMENT_KINDS,
  type PrivacyDocumentKind,
  type PrivacyDocumentView,
  type PrivacySection,
} from '@puhui/shared';
import { call } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { useLoad } from '../lib/use-load';
import { useSubmit } from '../lib/use-submit';

const KIND_LABELS: Record<PrivacyDocumentKind, string> = {
  PRIVACY_POLICY: '隐私保护指引',
  SENSITIVE_INFO: '敏感个人信息单独同意（实名认证）',
  RELATIVE_INFO: '亲属信息单独同意（添加亲属）',
};

interface PublishForm {
  kind: PrivacyDocumentKind;
  version: string;
  title: string;
  sections: PrivacySection[];
}

/**
 * 隐私文本: the texts in force, and a new version of one (`PUT /admin/privacy-documents/:kind`). A version
 * is never edited; a new one is in force at once and every user is asked to agree again.
 */
export function PrivacyPage() {
  const [form] = Form.useForm<PublishForm>();
  const current = useLoad(() => call(API.privacyCurrent));
  const { submit, busy, error, result } = useSubmit(async ({ kind, ...body }: PublishForm) => {
    const answer = await call(API.putPrivacyDocument, { params: { kind }, body });
    current.reload();
    return answer;
  });
  /** Starts the form from the text in force, so that an edit changes only what it must. */
  const startFrom = (doc: PrivacyDocumentView) =>
    form.setFieldsValue({ kind: doc.kind, version: '', title: doc.title, sections: doc.sections });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <ErrorAlert error={current.error} />
      <Table
        rowKey="kind"
        size="small"
        pagination={false}
        loading={current.loading}
        dataSource={current.data?.documents ?? []}
        data-testid="privacy-current"
        columns={[
          { title: '文本', dataIndex: 'kind', render: (k: PrivacyDocumentKind) => KIND_LABELS[k] },
          { title: '现行版本', dataIndex: 'version' },
          { title: '标题', dataIndex: 'title' },
          {
            title: '发布时间',
            dataIndex: 'publishedAt',
            render: (t: string) => new Date(t).toLocaleString('zh-CN'),
          },
          {
            title: '',
            key: 'edit',
            render: (_: unknown, doc: PrivacyDocumentView) => (
              <Button size="small" onClick={() => startFrom(doc)}>
                以此为底稿发布新版本
              </Button>
            ),
          },
        ]}
      />
      <Card title="发布新版本">
        <Typography.Paragraph type="secondary">
          已发布的版本不可修改。新版本发布后立即生效，所有用户在下次办理需要该同意的业务时会被要求重新阅读并同意。
        </Typography.Paragraph>
        <ErrorAlert error={error} />
        {result && (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            message={`${KIND_LABELS[result.document.kind]} ${result.document.version} 版已发布`}
          />
        )}
        <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 720 }}>
          <Form.Item label="文本" name="kind" rules={[{ required: true, message: '请选择文本' }]}>
            <Select options={PRIVACY_DOCUMENT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item
            label="新版本号"
            name="version"
            rules={[{ required: true, pattern: /^\d+(\.\d+){0,2}$/, message: '如 1.1 或 2.0' }]}
          >
            <Input data-testid="privacy-version" />
          </Form.Item>
          <Form.Item label="标题" name="title" rules={[{ required: true, message: '请输入标题' }]}>
            <Input />
          </Form.Item>
          <Form.List name="sections">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Card key={field.key} size="small" style={{ marginBottom: 8 }}>
                    <Form.Item label="章节标题" name={[field.name, 'title']} rules={[{ required: true }]}>
                      <Input />
                    </Form.Item>
                    <Form.Item label="正文" name={[field.name, 'body']} rules={[{ required: true }]}>
                      <Input.TextArea autoSize={{ minRows: 3 }} />
                    </Form.Item>
                    <Button danger size="small" onClick={() => remove(field.name)}>
                      删除本节
                    </Button>
                  </Card>
                ))}
                <Button onClick={() => add({ title: '', body: '' })} style={{ marginBottom: 16 }}>
                  添加章节
                </Button>
              </>
            )}
          </Form.List>
          <div>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="privacy-publish">
              发布
            </Button>
          </div>
        </Form>
      </Card>
    </Space>
  );
}
