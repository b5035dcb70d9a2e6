import { View } from '@tarojs/components';
import { LABELS, RELATIONSHIPS, formatFen } from '@puhui/shared';
import { AppButton, CellGroup, TextField } from '../../../components';
import type { useSendTransfer } from '../hooks/use-send-transfer';
import './wallet.css';

type SendState = ReturnType<typeof useSendTransfer>;

/** 转账申请: the rules first (单笔、每日、时段), then 收款人 姓名 / 身份证号 / 关系 and the amount. */
export function TransferForm({ form }: { form: SendState }) {
  const limits = form.limits.data;
  return (
    <>
      <View className="wallet-limits" data-testid="wallet-limits">
        {limits
          ? `单笔不超过 ${formatFen(limits.maxAmountFen)}，每天最多转出 ${limits.maxPerDay} 笔（今日已转 ${limits.sentToday} 笔，退回的也计入）；每日 ${limits.quietFrom} 至次日 ${limits.quietUntil} 暂停转账。对方须已开通医保钱包，未在次日 ${limits.quietUntil} 前确认的转账将退回您的个账。`
          : '正在读取转账规则…'}
      </View>
      <CellGroup title="收款人信息" footer="收款人须为您的近亲属，在外省参保并已开通医保钱包。">
        <TextField
          label="姓名"
          testId="wallet-name"
          value={form.name}
          placeholder="请输入收款亲属姓名"
          maxlength={30}
          error={form.errors.name}
          onInput={form.setName}
        />
        <TextField
          label="身份证号"
          testId="wallet-id"
          type="idcard"
          value={form.idNumber}
          placeholder="请输入收款亲属18位身份证号码"
          maxlength={18}
          error={form.errors.idNumber}
          onInput={form.setIdNumber}
        />
        <View className="cell field">
          <View className="field__label">亲属关系</View>
          <View className="wallet-chips">
            {RELATIONSHIPS.map((r) => (
              <View
                key={r}
                className={r === form.relationship ? 'wallet-chip wallet-chip--selected' : 'wallet-chip'}
                hoverClass="cell--pressed"
                onClick={() => form.setRelationship(r)}
                data-testid={`wallet-relationship-${r}`}
                data-selected={r === form.relationship}
              >
                {LABELS.relationship[r]}
              </View>
            ))}
          </View>
        </View>
        {form.errors.relationship && <View className="field__error">{form.errors.relationship}</View>}
        <TextField
          label="金额（元）"
          testId="wallet-amount"
          type="text"
          value={form.amount}
          placeholder="请输入转账金额"
          maxlength={10}
          error={form.errors.amount}
          onInput={form.setAmount}
        />
      </CellGroup>
      {form.refusal && !form.keypadError && (
        <View className="refusal" data-testid="wallet-send-error" data-code={form.refusal.code}>
          <View className="refusal__title">未能转账</View>
          <View>{form.refusal.message}</View>
        </View>
      )}
      <View className="actions">
        <AppButton type="primary" onClick={form.confirm} testId="wallet-send-confirm">
          确认转账
        </AppButton>
      </View>
      <View className="tip">关系为收款人相对于您：父母指您的父亲或母亲，子女指您的儿子或女儿。</View>
    </>
  );
}
