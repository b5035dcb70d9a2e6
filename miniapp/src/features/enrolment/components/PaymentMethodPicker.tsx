import { View } from '@tarojs/components';
import type { PaymentMethod } from '@puhui/shared';
import { Cell, CellGroup } from '../../../components';
import { CheckMark } from './CheckMark';
import './enrolment.css';

interface PaymentMethodPickerProps {
  method: PaymentMethod;
  personalAccountOffered: boolean;
  /** Why 医保个账 is not offered for this order (null when it is). */
  accountUnavailable: string | null;
  onChoose: (method: PaymentMethod) => void;
}

/** 支付方式: 医保个账 (when it may pay for everyone in the order) or 微信支付. */
export function PaymentMethodPicker(props: PaymentMethodPickerProps) {
  const { method, personalAccountOffered, accountUnavailable, onChoose } = props;
  return (
    <CellGroup
      title="支付方式"
      footer={
        method === 'WECHAT_PAY' && personalAccountOffered ? '次年自动投保缴费仅支持医保个账缴费。' : undefined
      }
    >
      <Cell
        testId="pay-method-PERSONAL_ACCOUNT"
        className="pay-method"
        disabled={!personalAccountOffered}
        title={
          <View className="pay-method__title">
            <View className="pay-method__icon pay-method__icon--account">医</View>
            医保个账
          </View>
        }
        description={
          personalAccountOffered ? (
            '从本人职工医保个人账户扣款，需输入支付密码'
          ) : (
            <View className="pay-method__note" data-testid="pay-method-note">
              {accountUnavailable ?? '本单不能使用医保个账缴费'}
            </View>
          )
        }
        value={<CheckMark checked={method === 'PERSONAL_ACCOUNT'} disabled={!personalAccountOffered} />}
        onClick={() => onChoose('PERSONAL_ACCOUNT')}
      />
      <Cell
        testId="pay-method-WECHAT_PAY"
        className="pay-method"
        title={
          <View className="pay-method__title">
            <View className="pay-method__icon pay-method__icon--wechat">微</View>
            微信支付
          </View>
        }
        description="使用微信零钱或银行卡支付"
        value={<CheckMark checked={method === 'WECHAT_PAY'} />}
        onClick={() => onChoose('WECHAT_PAY')}
      />
    </CellGroup>
  );
}
