import { Input, View } from '@tarojs/components';
import { AppButton, CellGroup } from '../../../components';
import type { useIdentityForm } from '../hooks/use-identity-form';
import './auth.css';

type IdentityFormState = ReturnType<typeof useIdentityForm>;

export function IdentityForm({ form }: { form: IdentityFormState }) {
  return (
    <>
      <CellGroup title="请填写本人信息" footer="信息仅用于核验您的医保参保身份，与医保登记信息一致方可通过。">
        <View className="cell field">
          <View className="field__label">姓名</View>
          <Input
            className="field__input"
            data-testid="identity-name"
            value={form.name}
            placeholder="请输入真实姓名"
            maxlength={30}
            onInput={(event) => form.setName(event.detail.value)}
            onBlur={() => form.touch('name')}
          />
        </View>
        {form.errors.name && (
          <View className="field__error" data-testid="identity-name-error">
            {form.errors.name}
          </View>
        )}
        <View className="cell field">
          <View className="field__label">身份证号</View>
          <Input
            className="field__input"
            data-testid="identity-id"
            type="idcard"
            value={form.idNumber}
            placeholder="请输入18位身份证号码"
            maxlength={18}
            onInput={(event) => form.setIdNumber(event.detail.value)}
            onBlur={() => form.touch('idNumber')}
          />
        </View>
        {form.errors.idNumber && (
          <View className="field__error" data-testid="identity-id-error">
            {form.errors.idNumber}
          </View>
        )}
      </CellGroup>
      <View className="actions">
        <AppButton type="primary" loading={form.submitting} onClick={form.submit} testId="identity-submit">
          提交认证
        </AppButton>
      </View>
    </>
  );
}
