import { useState } from 'react';
import { Alert, Button, Form, Input, List, Modal, Select, Table, Tag } from 'antd';
import { API, ENTERPRISE_STATUSES, type EnterpriseStatus, type EnterpriseView } from '@puhui/shared';
import { call } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { useLoad } from '../lib/use-load';

const STATUS_NAMES: Record<EnterpriseStatus, { text: string; color: string }> = {
  SUBMITTED: { text: '待联系', color: 'orange' },
  CONTACTED: { text: '已联系', color: 'blue' },
  ENROLLED: { text: '已签约', color: 'green' },
  CLOSED: { text: '已关闭', color: 'default' },
};

/** 企业登记 follow-up: the registrations, their status, and the operators' notes (who and when). */
export function EnterprisesPage() {
  const { data, error, reload } = useLoad(() => call(API.listEnterprises));
  const [noting, setNoting] = useState<EnterpriseView | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ body: string }>();

  const setStatus = async (id: string, status: EnterpriseStatus) => {
    setActionError(null);
    try {
      await call(API.setEnterpriseStatus, { params: { id }, body: { status } });
      reload();
    } catch (e) {
      setActionError(e);
    }
  };
  const addNote = async () => {
    const { body } = await form.validateFields();
    setSaving(true);
    setActionError(null);
    try {
      const { registration } = await call(API.addEnterpriseNote, {
        params: { id: noting!.id },
        body: { body },
      });
      setNoting(registration);
      form.resetFields();
      reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setSaving(false);
    }
  };

  if (error) return <Alert type="error" message={error.message} showIcon />;
  return (
    <>
      {!noting && <ErrorAlert error={actionError} />}
      <Table<EnterpriseView>
        rowKey="id"
        loading={!data}
        dataSource={data ?? []}
        locale={{ emptyText: '暂无企业登记' }}
        columns={[
          { title: '企业名称', dataIndex: 'companyName' },
          { title: '统一社会信用代码', dataIndex: 'creditCode' },
          { title: '联系人', dataIndex: 'contactName' },
          { title: '电话', dataIndex: 'contactPhone' },
          { title: '员工数', dataIndex: 'employeeCount' },
          { title: '备注', dataIndex: 'remarks' },
          {
            title: '登记时间',
            dataIndex: 'createdAt',
            render: (v: string) => new Date(v).toLocaleString('zh-CN'),
          },
          {
            title: '状态',
            render: (_, e) => (
              <Select<EnterpriseStatus>
                size="small"
                value={e.status}
                style={{ width: 110 }}
                data-testid={`status-${e.creditCode}`}
                onChange={(status) => setStatus(e.id, status)}
                options={ENTERPRISE_STATUSES.map((s) => ({
                  value: s,
                  label: <Tag color={STATUS_NAMES[s].color}>{STATUS_NAMES[s].text}</Tag>,
                }))}
              />
            ),
          },
          {
            title: '跟进记录',
            render: (_, e) => (
              <Button size="small" data-testid={`notes-${e.creditCode}`} onClick={() => setNoting(e)}>
                跟进记录（{e.notes?.length ?? 0}）
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={!!noting}
        title={noting ? `跟进记录：${noting.companyName}` : ''}
        onCancel={() => {
          setNoting(null);
          setActionError(null);
        }}
        onOk={addNote}
        okText="添加备注"
        okButtonProps={{ loading: saving, ...{ 'data-testid': 'note-submit' } }}
        cancelText="关闭"
      >
        <List
          size="small"
          data-testid="note-list"
          locale={{ emptyText: '暂无跟进记录' }}
          dataSource={noting?.notes ?? []}
          renderItem={(n) => (
            <List.Item>
              <List.Item.Meta
                title={`${n.operator} · ${new Date(n.createdAt).toLocaleString('zh-CN')}`}
                description={n.body}
              />
            </List.Item>
          )}
        />
        <ErrorAlert error={actionError} />
        <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
          <Form.Item
            name="body"
            label="新备注"
            rules={[
              { required: true, whitespace: true, message: '请填写跟进情况' },
              { max: 1000, message: '最多 1000 字' },
            ]}
          >
            <Input.TextArea rows={3} data-testid="note-body" placeholder="如：已电话联系，约下周上门" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
