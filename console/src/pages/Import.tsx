import { useEffect, useState } from 'react';
import { Alert, Button, Card, Progress, Space, Table, Tag, Typography, Upload } from 'antd';
import {
  API,
  type RegistryImportError,
  type RegistryImportResponse,
  type RegistryImportView,
} from '@puhui/shared';
import { call, download } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { useLoad } from '../lib/use-load';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STATUS: Record<RegistryImportView['status'], [string, string]> = {
  QUEUED: ['排队中', 'default'],
  RUNNING: ['导入中', 'processing'],
  DONE: ['已完成', 'success'],
  FAILED: ['失败', 'error'],
};
/** How often a running import's progress is read (the job commits it chunk by chunk). */
const POLL_MS = 1000;

/** The first lines of a CSV for the preview (quoted commas are rare in a registry; the server parses fully). */
function previewOf(text: string): string[][] {
  return text
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .slice(0, 6)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

function percentOf(i: RegistryImportView): number {
  if (i.status === 'DONE') return 100;
  return i.totalRows ? Math.floor((i.rowsDone / i.totalRows) * 100) : 0;
}

/** Follows one import until it ends; the progress lives in the database, so a reload picks it up again. */
function useImport(id: string | null) {
  const [state, setState] = useState<RegistryImportResponse | null>(null);
  useEffect(() => {
    if (!id) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const read = async () => {
      const answer = await call(API.getRegistryImport, { params: { id } }).catch(() => null);
      if (stopped) return;
      if (answer) setState(answer);
      if (!answer || answer.import.status === 'QUEUED' || answer.import.status === 'RUNNING')
        timer = setTimeout(read, POLL_MS);
    };
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id]);
  return state;
}

/** 参保人导入: CSV or XLSX upload, a preview, the job's progress, refused rows and their download. */
export function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string[][] | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const history = useLoad(() => call(API.listRegistryImports));
  const [followed, setFollowed] = useState<string | null>(null);
  // After a reload, follow the newest import that is still running.
  useEffect(() => {
    const running = history.data?.find((i) => i.status === 'QUEUED' || i.status === 'RUNNING');
    if (running && !followed) setFollowed(running.id);
  }, [history.data, followed]);
  const current = useImport(followed);
  useEffect(() => {
    if (current && (current.import.status === 'DONE' || current.import.status === 'FAILED')) history.reload();
  }, [current?.import.status]);

  const choose = async (chosen: File) => {
    setFile(chosen);
    setUploadError(null);
    setPreview(
      chosen.name.toLowerCase().endsWith('.csv') ? previewOf(await chosen.slice(0, 64 * 1024).text()) : null,
    );
    return false;
  };
  const start = async () => {
    if (!file || busy) return;
    setBusy(true);
    setUploadError(null);
    try {
      const xlsx = file.name.toLowerCase().endsWith('.xlsx');
      const answer = await call(API.uploadRegistryImport, {
        query: { filename: file.name },
        body: file,
        contentType: xlsx ? XLSX_TYPE : 'text/csv',
      });
      setFollowed(answer.import.id);
      setFile(null);
      setPreview(null);
      history.reload();
    } catch (e) {
      setUploadError(e);
    } finally {
      setBusy(false);
    }
  };

  const job = current?.import;
  return (
    <>
      <Card title="上传参保人文件" style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">
          支持 UTF-8 编码的 CSV 和 Excel（.xlsx）。第 1
          行为表头：姓名(name)、身份证号(idNumber)、参保类型(insuranceType)、参保状态(status)、统筹区(regionCode)，可选
          北京户籍、北京居住证、居民类别、个账余额(分)、支付密码。同一文件重复上传不会重复导入。
        </Typography.Paragraph>
        <Space>
          <Upload accept=".csv,.xlsx" maxCount={1} showUploadList={false} beforeUpload={choose}>
            <Button data-testid="choose-file">选择文件</Button>
          </Upload>
          {file && <Typography.Text data-testid="chosen-file">{file.name}</Typography.Text>}
          <Button type="primary" disabled={!file} loading={busy} onClick={start} data-testid="start-import">
            开始导入
          </Button>
        </Space>
        {preview && (
          <Table
            style={{ marginTop: 16 }}
            size="small"
            pagination={false}
            data-testid="import-preview"
            rowKey={(_, i) => String(i)}
            columns={preview[0].map((h, i) => ({
              title: h,
              key: String(i),
              render: (_: unknown, r: string[]) => r[i],
            }))}
            dataSource={preview.slice(1)}
            title={() => '预览（前 5 行）'}
          />
        )}
        <div style={{ marginTop: 16 }}>
          <ErrorAlert error={uploadError} />
        </div>
      </Card>

      {job && (
        <Card title={`导入：${job.filename}`} style={{ marginBottom: 16 }} data-testid="import-job">
          <Progress
            percent={percentOf(job)}
            status={job.status === 'FAILED' ? 'exception' : job.status === 'DONE' ? 'success' : 'active'}
            data-testid="import-progress"
          />
          <Space size="large" style={{ margin: '8px 0 16px' }}>
            <Tag color={STATUS[job.status][1]}>{STATUS[job.status][0]}</Tag>
            <span>
              共 {job.totalRows ?? '—'} 行，已处理 {job.rowsDone}
            </span>
            <span data-testid="import-accepted">
              导入 {job.acceptedRows} 行（新增 {job.createdPersons}，更新 {job.updatedPersons}）
            </span>
            <span data-testid="import-refused">拒绝 {job.refusedRows} 行</span>
          </Space>
          {job.failure && (
            <Alert
              type="error"
              showIcon
              message={`整个文件未导入：${job.failure}`}
              style={{ marginBottom: 16 }}
            />
          )}
          {current.errors.length > 0 && (
            <>
              <Table<RegistryImportError>
                size="small"
                rowKey={(e) => `${e.row}-${e.field}`}
                dataSource={current.errors}
                pagination={false}
                data-testid="import-errors"
                columns={[
                  { title: '行号', dataIndex: 'row' },
                  { title: '字段', dataIndex: 'field' },
                  { title: '原因', dataIndex: 'message' },
                  { title: '身份证号（脱敏）', dataIndex: 'idNumberMasked' },
                ]}
              />
              <Button
                style={{ marginTop: 16 }}
                onClick={() =>
                  download(
                    API.registryImportErrorsCsv,
                    { params: { id: job.id } },
                    `拒绝行-${job.filename}.csv`,
                  )
                }
                data-testid="download-refused"
              >
                下载被拒绝的行（CSV）
              </Button>
            </>
          )}
        </Card>
      )}

      <Card title="导入记录">
        <Table<RegistryImportView>
          rowKey="id"
          size="small"
          loading={history.loading && !history.data}
          dataSource={history.data ?? []}
          locale={{ emptyText: '暂无导入记录' }}
          pagination={false}
          onRow={(i) => ({ onClick: () => setFollowed(i.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: '文件', dataIndex: 'filename' },
            { title: '状态', render: (_, i) => <Tag color={STATUS[i.status][1]}>{STATUS[i.status][0]}</Tag> },
            { title: '进度', render: (_, i) => `${percentOf(i)}%` },
            { title: '导入', dataIndex: 'acceptedRows' },
            { title: '拒绝', dataIndex: 'refusedRows' },
            {
              title: '上传时间',
              dataIndex: 'createdAt',
              render: (v: string) => new Date(v).toLocaleString('zh-CN'),
            },
          ]}
        />
      </Card>
    </>
  );
}
