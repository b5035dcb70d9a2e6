import { Alert } from 'antd';
import { ApiError } from '../api/client';

/** A refusal as the API words it (what to do next), with the fields it names. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const fields = Array.isArray(e?.details) ? (e.details as Array<{ field: string; message: string }>) : [];
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="error-alert"
      message={e ? e.message : String(error)}
      description={fields.length ? fields.map((f) => `${f.field}：${f.message}`).join('；') : undefined}
    />
  );
}
