import { Text, View } from '@tarojs/components';
import { LABELS, formatFen, type PolicyDocumentView } from '@puhui/shared';
import { Card } from '../../../components';
import { formatDate, formatFenAsWan, formatInstant } from '../../../lib/format';
import { coverItemLine } from '../cover-text';
import './content.css';

function Row({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <View className="policy-doc__row">
      <Text className="policy-doc__label">{label}</Text>
      <Text className="policy-doc__value" data-testid={testId}>
        {value}
      </Text>
    </View>
  );
}

/** 电子保单: what a policy document carries, names and ID numbers masked. */
export function PolicyDocumentCard({ policy }: { policy: PolicyDocumentView }) {
  const cancelled = policy.status === 'CANCELLED';
  const person = (p: { name: string; idNumberMasked: string }) => `${p.name} ${p.idNumberMasked}`;
  return (
    <>
      <Card
        testId="policy-doc"
        title={
          <Text className="policy-doc__title" data-testid="policy-doc-product">
            {policy.productName} {policy.year}年度 电子保单
          </Text>
        }
        extra={
          <Text
            className={cancelled ? 'policy-doc__status policy-doc__status--cancelled' : 'policy-doc__status'}
            data-testid="policy-doc-status"
          >
            {cancelled ? '已退保' : '有效'}
          </Text>
        }
      >
        <Row label="保单号" value={policy.policyNo} testId="policy-doc-no" />
        <Row label="投保人" value={person(policy.applicant)} testId="policy-doc-applicant" />
        <Row label="被保险人" value={person(policy.insured)} testId="policy-doc-insured" />
        <Row
          label="缴费人"
          value={policy.payer ? person(policy.payer) : `${person(policy.applicant)}（投保人）`}
          testId="policy-doc-payer"
        />
        <Row label="支付方式" value={LABELS.paymentMethod[policy.paymentMethod]} testId="policy-doc-method" />
        <Row label="保费" value={formatFen(policy.premiumFen)} testId="policy-doc-premium" />
        <Row
          label="保险期间"
          value={`${formatDate(policy.coverageStart)} 至 ${formatDate(policy.coverageEnd)}`}
          testId="policy-doc-period"
        />
        <Row label="累计保额" value={formatFenAsWan(policy.sumInsuredFen)} testId="policy-doc-sum-insured" />
        <Row label="承保公司" value={policy.insurers.join('、')} testId="policy-doc-insurers" />
        {policy.continuousYears !== null && (
          <Row
            label="连续参保"
            value={policy.continuousYears > 1 ? `连续第 ${policy.continuousYears} 年` : '首年参保'}
            testId="policy-doc-continuous"
          />
        )}
        <Row
          label="次年自动投保缴费"
          value={policy.autoRenew ? '已开通' : '未开通'}
          testId="policy-doc-auto-renew"
        />
        {policy.renewedFrom && (
          <Row label="续保自" value={policy.renewedFrom} testId="policy-doc-renewed-from" />
        )}
        <Row label="签发时间" value={formatInstant(policy.issuedAt)} testId="policy-doc-issued" />
        {policy.cancelledAt && (
          <Row label="退保时间" value={formatInstant(policy.cancelledAt)} testId="policy-doc-cancelled" />
        )}
      </Card>
      <Card title="保障摘要" testId="policy-doc-cover">
        {policy.cover ? (
          policy.cover.items.map((item, index) => (
            <View
              key={item.title}
              className="policy-doc__cover-row"
              data-testid={`policy-doc-cover-${index}`}
            >
              <View className="policy-doc__cover-title">{item.title}</View>
              <View>{coverItemLine(item)}</View>
            </View>
          ))
        ) : (
          <View className="content__paragraph" data-testid="policy-doc-cover-unpublished">
            {policy.year}年度保障责任尚未发布，以保险条款为准。
          </View>
        )}
      </Card>
    </>
  );
}
