import { Alert, Button, Table, Tag } from 'antd';
import { API, type EnterpriseView } from '@puhui/shared';
import { call } from '../api/client';
import { useLoad } from '../lib/use-load';

/** 企业登记 follow-up: the registrations and marking one as contacted. */
export function EnterprisesPage() {
  const { data, error, reload } = useLoad(() => call(API.listEnterprises));
  const contacted = async (id: string) => {
    await call(API.markEnterpriseContacted, { params: { id } });
    reload();
  };
  if (error) return <Alert type="error" message={error.message} showIcon />;
  return (
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
          render: (_, e) =>
            e.status === 'CONTACTED' ? (
              <Tag color="green">已联系</Tag>
            ) : (
              <Button size="small" onClick={() => contacted(e.id)}>
                标记已联系
              </Button>
            ),
        },
      ]}
    />
  );
}
