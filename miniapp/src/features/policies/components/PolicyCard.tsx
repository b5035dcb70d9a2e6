import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { LABELS, breakCostText, continuousCoverText, formatFen, type PolicyView } from '@puhui/shared';
import { AppButton, Card, MoneyText } from '../../../components';
import { formatDate } from '../../../lib/format';
import { RENEWAL_FAILURE_TEXT } from '../renewal';
import { PolicyLinks } from './PolicyLinks';
import { PHASE_LABELS, policyPhase } from '../status';
import './policies.css';

interface PolicyCardProps {
  policy: PolicyView;
  testId?: string;
  /** 我的保单 only: the payer's switch and 退保. Without them the card is read-only (result page). */
  onToggleAutoRenew?: (policy: PolicyView) => void;
  onCancel?: (policy: PolicyView) => void;
  /** A switch or 退保 of this policy is under way. */
  busy?: boolean;
  /** Its payer's 家庭共济 with the insured has ended: that 个账 can no longer renew it. */
  bindingEnded?: boolean;
}

/** The anchor of a policy's card, for the 已续保 link of the policy it was renewed from. */
const anchorOf = (policyNo: string) => `policy-${policyNo}`;

function scrollToPolicy(policyNo: string) {
  if (process.env.TARO_ENV === 'h5') {
    document.getElementById(anchorOf(policyNo))?.scrollIntoView({ block: 'start' });
    return;
  }
  Taro.pageScrollTo({ selector: `#${anchorOf(policyNo)}`, duration: 300 });
}

/**
 * One policy: edition, insured, payer, payment method, coverage, 次年自动投保缴费 (a switch for the
 * payer, who pays for the others), the announced renewal, 退保 when allowed, and the policy number.
 */
export function PolicyCard({
  policy,
  testId = 'policy-row',
  onToggleAutoRenew,
  onCancel,
  busy,
  bindingEnded = false,
}: PolicyCardProps) {
  const phase = policyPhase(policy);
  const insured = policy.insured.person;
  // With WeChat Pay nobody's 个账 pays: the applicant did.
  const payer = policy.payer?.person ?? policy.applicant.person;
  const renewedTo = policy.renewedTo;
  const autoRenewText = renewedTo
    ? '已续保'
    : policy.autoRenew
      ? bindingEnded
        ? '已开通，无法扣费'
        : '已开通'
      : '未开通';
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
      <View id={anchorOf(policy.policyNo)} />
      <View className="policy__row">
        <Text className="policy__label">被保险人</Text>
        <Text className="policy__value" data-testid="policy-insured">
          {insured.name} {insured.idNumberMasked}
        </Text>
      </View>
      <View className="policy__row">
        <Text className="policy__label">缴费人</Text>
        <Text className="policy__value" data-testid="policy-payer">
          {payer.name}
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
      {policy.continuousYears !== null && (
        <View className="policy__row">
          <Text className="policy__label">连续参保</Text>
          <Text className="policy__value" data-testid="policy-continuous">
            {continuousCoverText(policy.continuousYears)}
          </Text>
        </View>
      )}
      <View className="policy__row policy__row--switch">
        <Text className="policy__label">次年自动投保缴费</Text>
        <View className="policy__switch-value">
          <Text
            className={
              policy.autoRenew && !bindingEnded && !renewedTo
                ? 'policy__value policy__value--on'
                : 'policy__value'
            }
            data-testid="policy-auto-renew"
          >
            {autoRenewText}
          </Text>
          {onToggleAutoRenew && policy.canManageAutoRenew && !renewedTo && (
            <View
              className={[
                'auto-renew-switch',
                policy.autoRenew && 'auto-renew-switch--on',
                busy && 'auto-renew-switch--busy',
              ]
                .filter(Boolean)
                .join(' ')}
              data-testid="auto-renew-switch"
              data-checked={policy.autoRenew ? 'true' : 'false'}
              onClick={() => !busy && onToggleAutoRenew(policy)}
            >
              <View className="auto-renew-switch__knob" />
            </View>
          )}
        </View>
      </View>
      {/* Why there is no switch; a cancelled policy has none for anyone (the status says why). */}
      {onToggleAutoRenew &&
        !policy.canManageAutoRenew &&
        policy.status === 'ACTIVE' &&
        !bindingEnded &&
        !renewedTo && (
          <View className="policy__note" data-testid="policy-auto-renew-owner">
            {policy.paymentMethod !== 'PERSONAL_ACCOUNT'
              ? '仅医保个账缴费的保单可开通次年自动投保缴费'
              : `由缴费人 ${policy.payer?.person.name ?? ''} 设置`}
          </View>
        )}
      {renewedTo && (
        <View
          className="policy__note policy__renewed-to"
          data-testid="policy-renewed-to"
          onClick={() => scrollToPolicy(renewedTo.policyNo)}
        >
          已自动续保 {renewedTo.year} 年度，新保单号 {renewedTo.policyNo}，点击查看
        </View>
      )}
      {!renewedTo && bindingEnded && (
        <View className="policy__note policy__note--warn" data-testid="policy-binding-ended">
          {policy.canManageAutoRenew
            ? `您与${insured.name}的家庭共济关系已解除，您的医保个账不能再为其自动续保。`
            : `${payer.name}与您的家庭共济关系已解除，其医保个账不能再为您自动续保。`}
          {policy.autoRenew ? '到期扣费将不会成功，' : ''}如需继续保障，请在投保期内重新投保。
        </View>
      )}
      {policy.upcomingRenewal && !renewedTo && <UpcomingRenewal policy={policy} />}
      {policy.refund && <RefundState refund={policy.refund} />}
      <View className="policy__row policy__row--number">
        <Text className="policy__label">保单号</Text>
        <Text className="policy__value policy__number" data-testid="policy-no">
          {policy.policyNo}
        </Text>
      </View>
      <PolicyLinks policy={policy} />
      {onCancel && policy.cancellable && (
        <View className="policy__actions">
          <AppButton
            type="warn"
            size="small"
            loading={busy}
            onClick={() => onCancel(policy)}
            testId="policy-cancel"
          >
            退保
          </AppButton>
        </View>
      )}
    </Card>
  );
}

const REFUND_TEXT = {
  PERSONAL_ACCOUNT: {
    REFUNDED: '已退回医保个人账户',
    PENDING: '正在退回医保个人账户',
    FAILED: '未能退回，请联系客服',
  },
  WECHAT_PAY: {
    REFUNDED: '已原路退回微信支付',
    PENDING: '退款处理中，将原路退回微信支付',
    FAILED: '未能退回微信支付，请联系客服',
  },
} as const;

/** 退保's refund: how much, where it goes, and whether it has arrived (重试中 while WeChat is retried). */
function RefundState({ refund }: { refund: NonNullable<PolicyView['refund']> }) {
  const text = REFUND_TEXT[refund.method][refund.status];
  return (
    <View
      className={`policy__note policy__refund policy__refund--${refund.status.toLowerCase()}`}
      data-testid="policy-refund"
      data-status={refund.status}
    >
      退款 {formatFen(refund.amountFen)}：{text}
      {refund.status === 'PENDING' && refund.retrying ? '（重试中）' : ''}
    </View>
  );
}

/** The announced renewal: when, from which account, how much; or why the last attempt failed. */
function UpcomingRenewal({ policy }: { policy: PolicyView }) {
  const renewal = policy.upcomingRenewal!;
  const account = policy.canManageAutoRenew ? '您的医保个人账户' : '缴费人的医保个人账户';
  return (
    <View
      className={
        renewal.status === 'FAILED' ? 'policy__upcoming policy__upcoming--failed' : 'policy__upcoming'
      }
      data-testid="policy-upcoming"
    >
      {renewal.status === 'FAILED' && renewal.failureReason === 'ALREADY_ENROLLED' ? (
        <View>
          被保险人已投保 {renewal.year} 年度，无需自动续保，不会从{account}扣费。
        </View>
      ) : renewal.status === 'FAILED' && renewal.failureReason === 'BINDING_ENDED' ? (
        <View>
          {renewal.year} 年度自动续保扣费未成功：{RENEWAL_FAILURE_TEXT.BINDING_ENDED}
          ，重新办理家庭共济前不会从{account}扣费。
        </View>
      ) : renewal.status === 'FAILED' ? (
        <View>
          {renewal.year} 年度自动续保扣费未成功
          {renewal.failureReason ? `：${RENEWAL_FAILURE_TEXT[renewal.failureReason]}` : ''}
          。投保期内将再次尝试从{account}扣缴 {formatFen(renewal.premiumFen)}。
        </View>
      ) : (
        <View>
          将于 {formatDate(renewal.debitOn)} 从{account}扣缴 {renewal.year} 年度保费{' '}
          {formatFen(renewal.premiumFen)}
        </View>
      )}
      {/* A renewal that did not charge leaves next year uncovered unless someone acts: say what that costs. */}
      {renewal.status === 'FAILED' && renewal.failureReason !== 'ALREADY_ENROLLED' && (
        <View className="policy__upcoming-hint" data-testid="policy-break-cost">
          {breakCostText(policy.continuousYears)}
        </View>
      )}
      {policy.canManageAutoRenew && renewal.failureReason !== 'ALREADY_ENROLLED' && (
        <View className="policy__upcoming-hint">不需要续保？关闭上方“次年自动投保缴费”即可，不会扣费。</View>
      )}
    </View>
  );
}
