import { View } from '@tarojs/components';
import { AppButton, TextField } from '../../../components';
import type { useOtherInsuredForm } from '../hooks/use-other-insured-form';
import './enrolment.css';

type OtherInsuredFormState = ReturnType<typeof useOtherInsuredForm>;

/** 添加其他被保险人, inline under the list: 姓名 and 身份证号, checked before it joins the list. */
export function OtherInsuredForm({ form }: { form: OtherInsuredFormState }) {
  return (
    <View className="other-form" data-testid="other-form">
      <TextField
        label="姓名"
        testId="other-name"
        value={form.name}
        placeholder="被保险人真实姓名"
        maxlength={30}
        error={form.errors.name}
        onInput={form.setName}
      />
      <TextField
        label="身份证号"
        testId="other-id"
        type="idcard"
        value={form.idNumber}
        placeholder="18位身份证号码"
        maxlength={18}
        error={form.errors.idNumber}
        onInput={form.setIdNumber}
        onBlur={form.touch}
      />
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
