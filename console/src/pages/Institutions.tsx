import { Alert, Button, Form, Input, Typography } from 'antd';
import { API } from '@puhui/shared';
import { call } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSubmit } from '../lib/use-submit';

/** 定点机构: create one or rotate its key (`PUT /admin/institutions/:code`); the key is shown once. */
export function InstitutionsPage() {
  const { submit, busy, error, result } = useSubmit(({ code, name }: { code: string; name: string }) =>
    call(API.putInstitution, { params: { code }, body: { name } }),
  );
  return (
    <Form layout="vertical" onFinish={submit} style={{ maxWidth: 560 }}>
      <ErrorAlert error={error} />
      {result && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={`${result.institution.name}（${result.institution.code}）的接口密钥`}
          description={
            <>
              <Typography.Paragraph copyable code data-testid="institution-key">
                {result.apiKey}
              </Typography.Paragraph>
              密钥只显示这一次，请立即交给机构保存；再次保存同一编码会更换密钥，旧密钥随即失效。
            </>
          }
        />
      )}
      <Form.Item label="机构编码" name="code" rules={[{ required: true, message: '请填写机构编码' }]}>
        <Input />
      </Form.Item>
      <Form.Item label="机构名称" name="name" rules={[{ required: true, message: '请填写机构名称' }]}>
        <Input />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        保存并生成密钥
      </Button>
    </Form>
  );
}
