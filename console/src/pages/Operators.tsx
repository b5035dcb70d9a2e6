import { Alert, Button, Form, Input, Select, Space, Switch, Table } from 'antd';
import { OPERATOR_ROLES, type OperatorRole } from '@puhui/shared';
import { call } from '../api/client';
import { API, type OperatorView } from '@puhui/shared';
import { ErrorAlert } from '../components/ErrorAlert';
import { useLoad } from '../lib/use-load';
import { useSubmit } from '../lib/use-submit';

/** 操作员 (ADMIN): named accounts, their roles, disabling one (which ends its sessions at once). */
export function OperatorsPage() {
  const { data, error, reload } = useLoad(() => call(API.listOperators));
  const create = useSubmit(
    async (v: { username: string; displayName: string; password: string; role: OperatorRole }) => {
      await call(API.createOperator, { body: v });
      reload();
      return true;
    },
  );
  const update = async (id: string, body: { role?: OperatorRole; disabled?: boolean }) => {
    await call(API.updateOperator, { params: { id }, body });
    reload();
  };
  return (
    <>
      {error && <Alert type="error" message={error.message} showIcon style={{ marginBottom: 16 }} />}
      <Table<OperatorView>
        rowKey="id"
        loading={!data && !error}
        dataSource={data ?? []}
        pagination={false}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          {
            title: '角色',
            render: (_, o) => (
              <Select
                value={o.role}
                style={{ width: 140 }}
                onChange={(role) => update(o.id, { role })}
                options={OPERATOR_ROLES.map((r) => ({ value: r, label: r }))}
              />
            ),
          },
          {
            title: '停用',
            render: (_, o) => (
              <Switch checked={o.disabled} onChange={(disabled) => update(o.id, { disabled })} />
            ),
          },
          {
            title: '最近登录',
            dataIndex: 'lastLoginAt',
            render: (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN') : '—'),
          },
        ]}
      />
      <Form layout="inline" onFinish={create.submit} style={{ marginTop: 24 }}>
        <ErrorAlert error={create.error} />
        <Space wrap>
          <Form.Item name="username" rules={[{ required: true, message: '用户名' }]}>
            <Input placeholder="用户名" />
          </Form.Item>
          <Form.Item name="displayName" rules={[{ required: true, message: '姓名' }]}>
            <Input placeholder="姓名" />
          </Form.Item>
          <Form.Item name="password" rules={[{ required: true, min: 12, message: '至少 12 位' }]}>
            <Input.Password placeholder="初始密码（至少 12 位）" />
          </Form.Item>
          <Form.Item name="role" rules={[{ required: true, message: '角色' }]}>
            <Select
              placeholder="角色"
              style={{ width: 140 }}
              options={OPERATOR_ROLES.map((r) => ({ value: r, label: r }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.busy}>
            新增操作员
          </Button>
        </Space>
      </Form>
    </>
  );
}
