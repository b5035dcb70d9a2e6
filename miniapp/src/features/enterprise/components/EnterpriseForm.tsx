import { Input, Textarea, View } from '@tarojs/components';
import { AppButton, CellGroup } from '../../../components';
import type { EnterpriseField, useEnterpriseForm } from '../hooks/use-enterprise-form';
import './enterprise.css';

type EnterpriseFormState = ReturnType<typeof useEnterpriseForm>;

interface TextFieldProps {
  form: EnterpriseFormState;
  field: EnterpriseField;
  label: string;
  placeholder: string;
  maxlength: number;
  type?: 'text' | 'number';
  transform?: (value: string) => string;
}

/** One labelled input with its error under it (`enterprise-<field>` / `enterprise-<field>-error`). */
function TextField({ form, field, label, placeholder, maxlength, type = 'text', transform }: TextFieldProps) {
  return (
    <>
      <View className="cell field">
        <View className="field__label">{label}</View>
        <Input
          className="field__input"
          data-testid={`enterprise-${field}`}
          type={type}
          value={form.values[field]}
          placeholder={placeholder}
          maxlength={maxlength}
          onInput={(event) => form.set(field, transform ? transform(event.detail.value) : event.detail.value)}
          onBlur={() => form.touch(field)}
        />
      </View>
      {form.errors[field] && (
        <View className="field__error" data-testid={`enterprise-${field}-error`}>
          {form.errors[field]}
        </View>
      )}
    </>
  );
}

/** 企业登记: company, 统一社会信用代码, contact, mobile, staff count and remarks. */
export function EnterpriseForm({ form }: { form: EnterpriseFormState }) {
  return (
    <>
      <CellGroup title="企业信息">
        <TextField
          form={form}
          field="companyName"
          label="企业名称"
          placeholder="与营业执照一致"
          maxlength={100}
        />
        <TextField
          form={form}
          field="creditCode"
          label="信用代码"
          placeholder="18位统一社会信用代码"
          maxlength={18}
          transform={(value) => value.toUpperCase()}
        />
        <TextField
          form={form}
          field="employeeCount"
          label="员工人数"
          placeholder="预计参保员工人数"
          maxlength={7}
          type="number"
        />
      </CellGroup>
      <CellGroup title="联系人" footer="手机号仅用于工作人员联系您办理企业统一投保。">
        <TextField
          form={form}
          field="contactName"
          label="联系人"
          placeholder="请输入联系人姓名"
          maxlength={30}
        />
        <TextField
          form={form}
          field="contactPhone"
          label="手机号"
          placeholder="请输入11位手机号"
          maxlength={11}
          type="number"
        />
      </CellGroup>
      <CellGroup title="备注（选填）">
        <View className="cell">
          <Textarea
            className="enterprise-remarks"
            data-testid="enterprise-remarks"
            value={form.values.remarks}
            placeholder="如参保时间、办理方式等需求"
            maxlength={500}
            onInput={(event) => form.set('remarks', event.detail.value)}
          />
        </View>
        {form.errors.remarks && (
          <View className="field__error" data-testid="enterprise-remarks-error">
            {form.errors.remarks}
          </View>
        )}
      </CellGroup>
      {form.formError && (
        <View className="refusal" data-testid="enterprise-error">
          <View className="refusal__title">未能提交</View>
          <View>{form.formError}</View>
        </View>
      )}
      <View className="actions">
        <AppButton type="primary" loading={form.submitting} onClick={form.submit} testId="enterprise-submit">
          提交登记
        </AppButton>
      </View>
    </>
  );
}
