import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Card, EmptyState, Page } from '../../components';
import { PasswordKeypad } from '../../components/PasswordKeypad';
import {
  AutoRenewChoice,
  CheckoutBar,
  PaymentMethodPicker,
  PayProblemNotice,
  QuoteList,
  TermsAcceptance,
  readDraft,
  useCheckout,
  type EnrolmentDraft,
} from '../../features/enrolment/checkout';
import { formatDate } from '../../lib/format';
import { PAGES } from '../../lib/pages';
import { useRequireLogin } from '../../lib/use-require-login';

/** 确认投保: who is insured for how much, 支付方式, 次年自动投保缴费, 投保须知, 确认支付. */
export default function ConfirmPage() {
  const loggedIn = useRequireLogin();
  // Read again when the page shows: back from the cashier after paying, the draft is gone.
  const [draft, setDraft] = useState(readDraft);
  useDidShow(() => setDraft(readDraft()));

  if (!loggedIn) return <Page />;
  if (!draft) {
    return (
      <Page>
        <Card testId="confirm-missing">
          <EmptyState
            title="投保信息已失效"
            description="本次投保已完成支付，或页面已刷新。可在“我的保单”查看，或重新选择被保险人。"
            action={{
              text: '重新选择被保险人',
              onClick: () => Taro.switchTab({ url: PAGES.enroll }),
              testId: 'confirm-restart',
            }}
          />
        </Card>
      </Page>
    );
  }
  return <ConfirmView draft={draft} />;
}

function ConfirmView({ draft }: { draft: EnrolmentDraft }) {
  const checkout = useCheckout(draft);
  const { product, applicant } = draft;
  return (
    <Page className="confirm-page">
      <Card>
        <View className="confirm__product">
          <Text className="confirm__product-name">
            {product.name} {product.year}年度
          </Text>
        </View>
        <View className="confirm__coverage">
          保障期限 {formatDate(product.coverageStart)} 至 {formatDate(product.coverageEnd)}
        </View>
      </Card>
      <QuoteList quoted={checkout.quoted} />
      {checkout.eligible.length === 0 ? (
        <Card testId="confirm-none-eligible">
          <EmptyState
            title="所选被保险人均不能投保"
            description="请返回重新选择被保险人。"
            action={{ text: '返回', onClick: () => Taro.navigateBack(), testId: 'confirm-back' }}
          />
        </Card>
      ) : (
        <>
          <PaymentMethodPicker
            method={checkout.method}
            personalAccountOffered={checkout.personalAccountOffered}
            accountUnavailable={checkout.accountUnavailable}
            onChoose={checkout.chooseMethod}
          />
          {checkout.method === 'PERSONAL_ACCOUNT' && (
            <AutoRenewChoice
              eligible={checkout.eligible}
              ticked={checkout.autoRenew}
              onToggle={checkout.toggleAutoRenew}
            />
          )}
          <TermsAcceptance
            product={product}
            accepted={checkout.accepted}
            missing={checkout.termsMissing}
            onToggle={checkout.toggleAccepted}
          />
          {checkout.problem && (
            <PayProblemNotice
              problem={checkout.problem}
              canUseWechat={checkout.method !== 'WECHAT_PAY'}
              onUseWechat={() => checkout.chooseMethod('WECHAT_PAY')}
              onChangeInsured={() => Taro.navigateBack()}
            />
          )}
          <CheckoutBar
            totalFen={checkout.totalFen}
            count={checkout.eligible.length}
            busy={checkout.busy}
            onConfirm={() => void checkout.confirm()}
          />
        </>
      )}
      {checkout.keypadOpen && (
        <PasswordKeypad
          amountFen={checkout.totalFen}
          subtitle={`医保个账支付 · 缴费人 ${applicant.name}`}
          error={
            checkout.problem?.code === 'PASSWORD_INCORRECT'
              ? `${checkout.problem.title}，${checkout.problem.message}`
              : null
          }
          onSubmit={checkout.submitPassword}
          onClose={checkout.closeKeypad}
        />
      )}
    </Page>
  );
}
