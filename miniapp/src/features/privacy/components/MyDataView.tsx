import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { LABELS, type ConsentsResponse, type MyDataResponse } from '@puhui/shared';
import { AppButton, Card, Cell, CellGroup } from '../../../components';
import './privacy.css';

const STATE_LABEL = {
  GIVEN: '已同意',
  NOT_GIVEN: '未同意',
  WITHDRAWN: '已撤回',
  OUTDATED: '待同意新版本',
} as const;

interface MyDataViewProps {
  data: MyDataResponse;
  consents: ConsentsResponse;
  onWithdraw: (kind: ConsentsResponse['consents'][number]['kind']) => void;
  onEndBinding: (bindingId: string) => void;
  onDownload: () => void;
  /** Opens the password keypad for the export with my own full numbers. */
  onDownloadFull: () => void;
  downloading: boolean;
}

/** 我的信息: what is held (masked) with purpose and retention, my consents, and who processes my data for 共济. */
export function MyDataView({
  data,
  consents,
  onWithdraw,
  onEndBinding,
  onDownload,
  onDownloadFull,
  downloading,
}: MyDataViewProps) {
  return (
    <>
      <CellGroup title="我们保存的您的信息">
        {data.items.map((item) => (
          <View key={item.category} className="held-item" data-testid="my-data-item">
            <View className="held-item__title">{item.category}</View>
            <View className="held-item__shown">{item.shown}</View>
            <View className="held-item__note">用途：{item.purpose}</View>
            <View className="held-item__note">保存：{item.retention}</View>
          </View>
        ))}
      </CellGroup>
      <View className="actions">
        <AppButton type="primary" loading={downloading} testId="my-data-download" onClick={onDownload}>
          下载我的信息（JSON）
        </AppButton>
        {data.canExportFull && (
          <AppButton testId="my-data-download-full" onClick={onDownloadFull}>
            下载含完整姓名和身份证号的版本（需支付密码）
          </AppButton>
        )}
      </View>
      <CellGroup title="我的授权">
        {consents.consents.map((c) => (
          <View key={c.kind} data-testid={`consent-${c.kind}`}>
            <Cell
              title={c.title}
              description={`版本 ${c.currentVersion}${c.givenAt ? ` · ${c.givenAt.slice(0, 10)} 同意` : ''}`}
              value={STATE_LABEL[c.state]}
            />
            {c.state === 'GIVEN' && (
              <>
                <View className="privacy-stops">{c.withdrawalStops}</View>
                <View className="actions">
                  <AppButton
                    size="small"
                    testId={`consent-withdraw-${c.kind}`}
                    onClick={() => onWithdraw(c.kind)}
                  >
                    撤回同意
                  </AppButton>
                </View>
              </>
            )}
          </View>
        ))}
      </CellGroup>
      <CellGroup title="同意记录" footer="同意与撤回的记录只追加、不修改，注销后按规定保存五年。">
        {consents.records.map((r) => (
          <Cell
            key={r.id}
            testId="consent-record"
            title={`${r.kind === 'PRIVACY_POLICY' ? '隐私保护指引' : r.kind === 'SENSITIVE_INFO' ? '敏感个人信息单独同意' : '亲属信息单独同意'} ${r.version}`}
            value={`${r.action === 'GIVEN' ? '同意' : '撤回'} ${r.at.slice(0, 16).replace('T', ' ')}`}
          />
        ))}
      </CellGroup>
      {data.asRelative.length > 0 && (
        <Card title="为我共济的家人">
          {data.asRelative.map((s) => (
            <View key={s.bindingId} data-testid="as-relative">
              <Cell
                title={`${s.authorizer.name}（${LABELS.relationship[s.relationship]}）`}
                description={s.authorizer.idNumberMasked}
              />
              <View className="privacy-stops">
                处理您信息的有：{s.processors.join('；')}
                。您可随时自行解除，解除后其医保个人账户不再为您支付。
              </View>
              <View className="actions">
                <AppButton
                  type="warn"
                  size="small"
                  testId="as-relative-end"
                  onClick={() =>
                    void Taro.showModal({
                      title: '解除家庭共济',
                      content: `解除后 ${s.authorizer.name} 的医保个人账户不再为您支付，确定解除吗？`,
                      confirmText: '解除',
                    }).then((r) => r.confirm && onEndBinding(s.bindingId))
                  }
                >
                  解除共济
                </AppButton>
              </View>
            </View>
          ))}
        </Card>
      )}
    </>
  );
}
