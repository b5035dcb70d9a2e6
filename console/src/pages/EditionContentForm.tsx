import { Button, Card, Form, Input, InputNumber, Select, Space } from 'antd';
import { CLAIM_CHANNEL_KINDS, type EditionContent } from '@puhui/shared';

/**
 * The edition's texts as a form (保障责任, 投保须知, 条款, 责任免除, 理赔指引, 常见问题, 客服). Field names
 * follow the API's `content` paths (`content.cover.items.0.limitFen`), so a 400 naming a field lands on
 * it; the money fields are shown in yuan under their fen names and converted on load and save.
 */
export interface ContentForm {
  cover: {
    summary?: string;
    items: Array<{
      title: string;
      scope: string;
      limitFen: number;
      deductibleFen: number;
      ratePercent: number;
      preExistingRatePercent?: number | null;
      drugCount?: number | null;
      note?: string;
    }>;
    preExisting: { conditions: string[]; rule?: string };
    continuity?: string;
    figuresNote?: string;
  };
  notice: Array<{ title: string; body: string }>;
  terms: Array<{ title: string; body: string }>;
  exclusions: Array<{ title: string; body: string }>;
  claims: {
    steps: string[];
    materials: string[];
    channels: Array<{ kind: string; name: string; value: string; note?: string }>;
    note?: string;
  };
  faq: Array<{ question: string; answer: string }>;
  service: Array<{ name: string; phone?: string; hours?: string; note?: string }>;
}

const yuan = (fen: number) => fen / 100;
const fen = (yuan: number | null | undefined) => Math.round((yuan ?? 0) * 100);
const text = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

export function contentToForm(c: EditionContent | null): ContentForm {
  return {
    cover: {
      summary: c?.cover?.summary ?? '',
      items: (c?.cover?.items ?? []).map((i) => ({
        ...i,
        limitFen: yuan(i.limitFen),
        deductibleFen: yuan(i.deductibleFen),
      })),
      preExisting: {
        conditions: c?.cover?.preExisting.conditions ?? [],
        rule: c?.cover?.preExisting.rule ?? '',
      },
      continuity: c?.cover?.continuity,
      figuresNote: c?.cover?.figuresNote,
    },
    notice: c?.notice ?? [],
    terms: c?.terms ?? [],
    exclusions: c?.exclusions ?? [],
    claims: {
      steps: c?.claims?.steps ?? [],
      materials: c?.claims?.materials ?? [],
      channels: c?.claims?.channels ?? [],
      note: c?.claims?.note,
    },
    faq: c?.faq ?? [],
    service: c?.service ?? [],
  };
}

/** The form back as the API's content; a part left empty is sent as not published (null / []). */
export function formToContent(f: ContentForm): EditionContent {
  const cover = f.cover;
  const hasCover = !!cover.summary?.trim() || cover.items.length > 0;
  const claims = f.claims;
  const hasClaims = claims.steps.length + claims.materials.length + claims.channels.length > 0;
  return {
    cover: hasCover
      ? {
          summary: cover.summary?.trim() ?? '',
          items: cover.items.map((i) => ({
            title: i.title,
            scope: i.scope,
            limitFen: fen(i.limitFen),
            deductibleFen: fen(i.deductibleFen),
            ratePercent: i.ratePercent,
            preExistingRatePercent: i.preExistingRatePercent ?? null,
            drugCount: i.drugCount ?? null,
            ...(text(i.note) ? { note: text(i.note) } : {}),
          })),
          preExisting: {
            conditions: cover.preExisting.conditions,
            rule: cover.preExisting.rule?.trim() ?? '',
          },
          ...(text(cover.continuity) ? { continuity: text(cover.continuity) } : {}),
          ...(text(cover.figuresNote) ? { figuresNote: text(cover.figuresNote) } : {}),
        }
      : null,
    notice: f.notice,
    terms: f.terms,
    exclusions: f.exclusions,
    claims: hasClaims
      ? {
          steps: claims.steps,
          materials: claims.materials,
          channels: claims.channels.map((c) => ({
            kind: c.kind as (typeof CLAIM_CHANNEL_KINDS)[number],
            name: c.name,
            value: c.value,
            ...(text(c.note) ? { note: text(c.note) } : {}),
          })),
          ...(text(claims.note) ? { note: text(claims.note) } : {}),
        }
      : null,
    faq: f.faq,
    service: f.service.map((s) => ({
      name: s.name,
      ...(text(s.phone) ? { phone: text(s.phone) } : {}),
      ...(text(s.hours) ? { hours: text(s.hours) } : {}),
      ...(text(s.note) ? { note: text(s.note) } : {}),
    })),
  };
}

const CHANNEL_NAMES: Record<(typeof CLAIM_CHANNEL_KINDS)[number], string> = {
  HOTLINE: '客服热线',
  MINI_PROGRAM: '小程序',
  OFFICIAL_ACCOUNT: '公众号',
  APP: 'App',
  COUNTER: '柜面',
};

const required = (message: string) => [{ required: true, whitespace: true, message }];

/** A list of titled sections (投保须知, 条款, 责任免除). */
function Sections({ name, title, testId }: { name: string; title: string; testId: string }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 12 }} data-testid={testId}>
      <Form.List name={['content', name]}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="start" style={{ display: 'flex' }}>
                <Form.Item name={[f.name, 'title']} rules={required('请填写标题')}>
                  <Input placeholder="标题" style={{ width: 200 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'body']} rules={required('请填写内容')}>
                  <Input.TextArea placeholder="内容" rows={2} style={{ width: 420 }} />
                </Form.Item>
                <Button onClick={() => remove(f.name)}>删除</Button>
              </Space>
            ))}
            <Button type="dashed" onClick={() => add({ title: '', body: '' })}>
              添加一条
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}

export function EditionContentFields() {
  return (
    <>
      <Card size="small" title="保障责任" style={{ marginBottom: 12 }} data-testid="content-cover">
        <Form.Item label="概述" name={['content', 'cover', 'summary']}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.List name={['content', 'cover', 'items']}>
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f) => (
                <Card
                  key={f.key}
                  size="small"
                  style={{ marginBottom: 8 }}
                  data-testid={`cover-item-${f.name}`}
                  extra={<Button onClick={() => remove(f.name)}>删除</Button>}
                >
                  <Space wrap align="start">
                    <Form.Item label="名称" name={[f.name, 'title']} rules={required('请填写名称')}>
                      <Input style={{ width: 260 }} />
                    </Form.Item>
                    <Form.Item label="保障范围" name={[f.name, 'scope']} rules={required('请填写保障范围')}>
                      <Input style={{ width: 320 }} />
                    </Form.Item>
                    <Form.Item
                      label="保额（元）"
                      name={[f.name, 'limitFen']}
                      rules={[{ required: true, message: '请填写' }]}
                    >
                      <InputNumber
                        min={0}
                        precision={2}
                        style={{ width: 160 }}
                        data-testid={`cover-item-${f.name}-limit`}
                      />
                    </Form.Item>
                    <Form.Item
                      label="免赔额（元）"
                      name={[f.name, 'deductibleFen']}
                      rules={[{ required: true, message: '请填写' }]}
                    >
                      <InputNumber min={0} precision={2} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item
                      label="赔付比例 %"
                      name={[f.name, 'ratePercent']}
                      rules={[{ required: true, message: '请填写' }]}
                    >
                      <InputNumber min={0} max={100} />
                    </Form.Item>
                    <Form.Item label="既往症赔付比例 %（空：不赔）" name={[f.name, 'preExistingRatePercent']}>
                      <InputNumber min={0} max={100} />
                    </Form.Item>
                    <Form.Item label="特药数量" name={[f.name, 'drugCount']}>
                      <InputNumber min={0} />
                    </Form.Item>
                    <Form.Item label="说明" name={[f.name, 'note']}>
                      <Input style={{ width: 260 }} />
                    </Form.Item>
                  </Space>
                </Card>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                type="dashed"
                onClick={() => add({ title: '', scope: '', limitFen: 0, deductibleFen: 0, ratePercent: 100 })}
              >
                添加保障责任
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item
          label="既往症"
          name={['content', 'cover', 'preExisting', 'conditions']}
          style={{ marginTop: 12 }}
        >
          <Select mode="tags" placeholder="输入后回车" />
        </Form.Item>
        <Form.Item label="既往症规则" name={['content', 'cover', 'preExisting', 'rule']}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item label="连续参保" name={['content', 'cover', 'continuity']}>
          <Input />
        </Form.Item>
        <Form.Item label="数据说明" name={['content', 'cover', 'figuresNote']}>
          <Input />
        </Form.Item>
      </Card>
      <Sections name="notice" title="投保须知" testId="content-notice" />
      <Sections name="terms" title="保险条款" testId="content-terms" />
      <Sections name="exclusions" title="责任免除" testId="content-exclusions" />
      <Card size="small" title="理赔指引" style={{ marginBottom: 12 }}>
        <Form.Item label="步骤（按顺序）" name={['content', 'claims', 'steps']}>
          <Select mode="tags" placeholder="输入后回车" />
        </Form.Item>
        <Form.Item label="材料" name={['content', 'claims', 'materials']}>
          <Select mode="tags" placeholder="输入后回车" />
        </Form.Item>
        <Form.List name={['content', 'claims', 'channels']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'kind']} rules={[{ required: true, message: '请选择' }]}>
                    <Select
                      style={{ width: 120 }}
                      options={CLAIM_CHANNEL_KINDS.map((k) => ({ value: k, label: CHANNEL_NAMES[k] }))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'name']} rules={required('请填写')}>
                    <Input placeholder="名称" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'value']} rules={required('请填写')}>
                    <Input placeholder="号码或入口" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'note']}>
                    <Input placeholder="说明" />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>删除</Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ kind: 'HOTLINE', name: '', value: '' })}>
                添加理赔渠道
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item label="备注" name={['content', 'claims', 'note']} style={{ marginTop: 12 }}>
          <Input />
        </Form.Item>
      </Card>
      <Card size="small" title="常见问题" style={{ marginBottom: 12 }}>
        <Form.List name={['content', 'faq']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'question']} rules={required('请填写问题')}>
                    <Input placeholder="问题" style={{ width: 240 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'answer']} rules={required('请填写回答')}>
                    <Input.TextArea placeholder="回答" rows={2} style={{ width: 380 }} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>删除</Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ question: '', answer: '' })}>
                添加问题
              </Button>
            </>
          )}
        </Form.List>
      </Card>
      <Card size="small" title="客服" style={{ marginBottom: 12 }}>
        <Form.List name={['content', 'service']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'name']} rules={required('请填写')}>
                    <Input placeholder="名称" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'phone']}>
                    <Input placeholder="电话" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'hours']}>
                    <Input placeholder="服务时间" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'note']}>
                    <Input placeholder="说明" />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>删除</Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ name: '' })}>
                添加客服
              </Button>
            </>
          )}
        </Form.List>
      </Card>
    </>
  );
}
