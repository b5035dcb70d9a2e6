import { View } from '@tarojs/components';
import { AppButton, CellGroup, ResultNotice, TextField } from '../../../components';
import type { useIdentityForm } from '../hooks/use-identity-form';
import './auth.css';

type IdentityFormState = ReturnType<typeof useIdentityForm>;

export function IdentityForm({ form }: { form: IdentityFormState }) {
  return (
    <>
      <CellGroup title="请填写本人信息" footer="信息仅用于核验您的医保参保身份，与医保登记信息一致方可通过。">
        <TextField
          label="姓名"
          testId="identity-name"
          value={form.name}
          placeholder="请输入真实姓名"
          maxlength={30}
          error={form.errors.name}
          onInput={form.setName}
          onBlur={() => form.touch('name')}
        />
        <TextField
          label="身份证号"
          testId="identity-id"
          type="idcard"
          value={form.idNumber}
          placeholder="请输入18位身份证号码"
          maxlength={18}
          error={form.errors.idNumber}
          onInput={form.setIdNumber}
          onBlur={() => form.touch('idNumber')}
        />
      </CellGroup>
      {form.refusal && <ResultNotice notice={form.refusal} testId="identity-refusal" />}
      <View className="actions">
        <AppButton type="primary" loading={form.submitting} onClick={form.submit} testId="identity-submit">
          提交认证
        </AppButton>
      </View>
    </>
  );
}
