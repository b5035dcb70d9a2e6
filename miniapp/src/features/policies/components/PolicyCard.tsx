import { Text, View } from '@tarojs/components';
import { LABELS, type PolicyView } from '@puhui/shared';
import { Card, MoneyText } from '../../../components';
import { formatDate } from '../../../lib/format';
import { PHASE_LABELS, policyPhase } from '../status';
import './policies.css';

/**
 * One policy: edition, insured, payer, payment method, coverage, 次年自动投保缴费 and the policy
 * number. The auto-renew switch is read-only here for now (it comes with its own password step).
 */
export function PolicyCard({ policy, testId = 'policy-row' }: { policy: PolicyView; testId?: string }) {
  const phase = policyPhase(policy);
  const insured = policy.insured.person;
  return (
    <Card
      className="policy"
      testId={testId}
      title={
        <Text data-testid="policy-product">
          {policy.productName} {policy.year}年度
        </Text>
      }
      extra={
        <Text className={`policy__status policy__status--${phase.toLowerCase()}`} data-testid="policy-status">
          {PHASE_LABELS[phase]}
        </Text>
      }
    >
      <View className="policy__row">
        <Text className="policy__label">被保险人</Text>
        <Text className="policy__value" data-testid="policy-insured">
          {insured.name} {insured.idNumberMasked}
        </Text>
      </View>
      <View className="policy__row">
        <Text className="policy__label">缴费人</Text>
        <Text className="policy__value" data-testid="policy-payer">
          {policy.payer ? policy.payer.person.name : '投保人'}
        </Text>
      </View>
      <View className="policy__row">
        <Text className="policy__label">支付方式</Text>
        <Text className="policy__value" data-testid="policy-payment-method">
          {LABELS.paymentMethod[policy.paymentMethod]}
        </Text>
      </View>
      <View className="policy__row">
        <Text className="policy__label">保费</Text>
        <MoneyText fen={policy.premiumFen} className="policy__value" testId="policy-premium" />
      </View>
      <View className="policy__row">
        <Text className="policy__label">保障期限</Text>
        <Text className="policy__value">
          {formatDate(policy.coverageStart)} 至 {formatDate(policy.coverageEnd)}
        </Text>
      </View>
      <View className="policy__row">
        <Text className="policy__label">次年自动投保缴费</Text>
        <Text
          className={policy.autoRenew ? 'policy__value policy__value--on' : 'policy__value'}
          data-testid="policy-auto-renew"
        >
          {policy.autoRenew ? '已开通' : '未开通'}
        </Text>
      </View>
      <View className="policy__row policy__row--number">
        <Text className="policy__label">保单号</Text>
        <Text className="policy__value policy__number" data-testid="policy-no">
          {policy.policyNo}
        </Text>
      </View>
    </Card>
  );
}
