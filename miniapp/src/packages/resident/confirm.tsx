import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { AppButton, Card, EmptyState, Loading, Page } from '../../components';
import { PasswordKeypad } from '../../components/PasswordKeypad';
import {
  PaymentDetails,
  PaymentSuccess,
  RefusalNotice,
  parseYear,
  useResidentPayment,
  type ResidentRemedy,
} from '../../features/resident';
import { openPage } from '../../lib/navigation';
import { PAGES } from '../../lib/pages';
import { useRequireLogin } from '../../lib/use-require-login';

/** 核对人员基本信息、缴费信息 → 确认缴费 → 医保支付密码 → 缴费成功 (seed steps 5–6). */
export default function ResidentConfirmPage() {
  const loggedIn = useRequireLogin();
  const { bindingId, year } = useRouter().params;
  const paymentYear = parseYear(year);
  if (!loggedIn) return <Page />;
  if (!bindingId || !paymentYear) {
    return (
      <Page>
        <Card testId="resident-confirm-missing">
          <EmptyState
            title="缴费信息不完整"
            description="请返回缴费列表重新选择亲属和缴费年度"
            action={{ text: '返回缴费列表', onClick: backToList }}
          />
        </Card>
      </Page>
    );
  }
  return <ConfirmView bindingId={bindingId} year={paymentYear} />;
}

/** Back to the list, which reloads on show; to the list itself when this page was opened directly. */
function backToList() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.redirectTo({ url: PAGES.resident });
}

function ConfirmView({ bindingId, year }: { bindingId: string; year: number }) {
  const flow = useResidentPayment(bindingId, year);
  const item = flow.payable.data;

  function remedy(action: ResidentRemedy) {
    if (action === 'RECORDS') void Taro.redirectTo({ url: PAGES.residentRecords });
    else if (action === 'ACCOUNT') openPage(PAGES.account);
    else if (action === 'FAMILY') openPage(PAGES.family);
    else backToList();
  }

  if (flow.payment) {
    return (
      <Page>
        <PaymentSuccess
          payment={flow.payment}
          onRecords={() => void Taro.redirectTo({ url: PAGES.residentRecords })}
          onBack={backToList}
        />
      </Page>
    );
  }

  return (
    <Page>
      {!item && (
        <Card>
          {flow.payable.error ? (
            <EmptyState
              testId="resident-confirm-error"
              title="缴费信息加载失败"
              description={flow.payable.error.message}
              action={{ text: '返回缴费列表', onClick: backToList }}
            />
          ) : (
            <Loading />
          )}
        </Card>
      )}
      {item && (
        <>
          <View className="tip">请仔细核对人员基本信息、缴费信息，确认无误后点击“确认缴费”。</View>
          <PaymentDetails item={item} year={year} payer={flow.payer} />
          {item.paid && (
            <View className="tip" data-testid="resident-confirm-paid">
              该亲属{year}年度居民医保已缴费，无需重复缴纳。
            </View>
          )}
          {!item.paid && item.amountFen === null && (
            <View className="tip" data-testid="resident-confirm-unpublished">
              该年度缴费标准尚未公布，公布后即可缴费。
            </View>
          )}
          {flow.refusal && !flow.refusal.inKeypad && (
            <RefusalNotice refusal={flow.refusal} onRemedy={remedy} />
          )}
          <View className="actions">
            <AppButton
              type="primary"
              disabled={!flow.payableNow}
              onClick={flow.confirm}
              testId="resident-confirm-pay"
            >
              确认缴费
            </AppButton>
          </View>
        </>
      )}
      {flow.keypadOpen && item && flow.amountFen !== null && (
        <PasswordKeypad
          amountFen={flow.amountFen}
          subtitle={`医保个账支付 · 为${item.relative.person.name}缴纳${year}年度居民医保${
            item.waitingMonths > 0
              ? ` · 待遇等待期 ${item.waitingMonths} 个月，${item.benefitsFrom} 起享受待遇`
              : ''
          }`}
          error={flow.refusal?.inKeypad ? `${flow.refusal.title}，${flow.refusal.message}` : null}
          onSubmit={flow.submitPassword}
          onClose={flow.closeKeypad}
        />
      )}
    </Page>
  );
}
