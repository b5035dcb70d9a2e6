import { Input, View } from '@tarojs/components';
import { AppButton } from '../../../components';
import type { useOtherInsuredForm } from '../hooks/use-other-insured-form';
import './enrolment.css';

type OtherInsuredFormState = ReturnType<typeof useOtherInsuredForm>;

/** 添加其他被保险人, inline under the list: 姓名 and 身份证号, checked before it joins the list. */
export function OtherInsuredForm({ form }: { form: OtherInsuredFormState }) {
  return (
    <View className="other-form" data-testid="other-form">
      <View className="cell field">
        <View className="field__label">姓名</View>
        <Input
          className="field__input"
          data-testid="other-name"
          value={form.name}
          placeholder="被保险人真实姓名"
          maxlength={30}
          onInput={(event) => form.setName(event.detail.value)}
        />
      </View>
      {form.errors.name && (
        <View className="field__error" data-testid="other-name-error">
          {form.errors.name}
        </View>
      )}
      <View className="cell field">
        <View className="field__label">身份证号</View>
        <Input
          className="field__input"
          data-testid="other-id"
          type="idcard"
          value={form.idNumber}
          placeholder="18位身份证号码"
          maxlength={18}
          onInput={(event) => form.setIdNumber(event.detail.value)}
          onBlur={form.touch}
        />
      </View>
      {form.errors.idNumber && (
        <View className="field__error" data-testid="other-id-error">
          {form.errors.idNumber}
        </View>
      )}
      <View className="other-form__actions">
        <AppButton size="small" onClick={form.cancel} testId="other-cancel">
          取消
        </AppButton>
        <AppButton size="small" type="primary" onClick={form.submit} testId="other-add">
          添加
        </AppButton>
      </View>
    </View>
  );
}
