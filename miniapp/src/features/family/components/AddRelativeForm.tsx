import { View } from '@tarojs/components';
import { AppButton, CellGroup, TextField } from '../../../components';
import type { useAddRelativeForm } from '../hooks/use-add-relative-form';
import { RelationshipChips } from './RelationshipChips';
import './family.css';

type AddRelativeFormState = ReturnType<typeof useAddRelativeForm>;

/** 添加亲属: the relative's 姓名, 身份证号 and 亲属关系, with each field's error under it. */
export function AddRelativeForm({ form }: { form: AddRelativeFormState }) {
  return (
    <>
      <CellGroup
        title="请填写亲属信息"
        footer="亲属须为北京市基本医保在保人员，姓名和身份证号须与医保登记信息一致。"
      >
        <TextField
          label="姓名"
          testId="family-name"
          value={form.name}
          placeholder="请输入亲属姓名"
          maxlength={30}
          error={form.errors.name}
          onInput={form.setName}
          onBlur={() => form.touch('name')}
        />
        <TextField
          label="身份证号"
          testId="family-id"
          type="idcard"
          value={form.idNumber}
          placeholder="请输入亲属18位身份证号码"
          maxlength={18}
          error={form.errors.idNumber}
          onInput={form.setIdNumber}
          onBlur={() => form.touch('idNumber')}
        />
        <View className="cell field">
          <View className="field__label">亲属关系</View>
          <RelationshipChips
            options={form.relationships}
            value={form.relationship}
            onChange={form.setRelationship}
          />
        </View>
        {form.errors.relationship && (
          <View className="field__error" data-testid="family-relationship-error">
            {form.errors.relationship}
          </View>
        )}
      </CellGroup>
      {form.refusal && (
        <View className="refusal" data-testid="family-add-error" data-code={form.refusal.code}>
          <View className="refusal__title">未能绑定</View>
          <View>{form.refusal.message}</View>
        </View>
      )}
      <View className="actions">
        <AppButton type="primary" loading={form.submitting} onClick={form.submit} testId="family-submit">
          确认绑定
        </AppButton>
      </View>
      <View className="tip">
        关系为亲属相对于您：父母指您的父亲或母亲，子女指您的儿子或女儿，祖父母/外祖父母指您的爷爷奶奶或外公外婆，孙子女/外孙子女指您子女的孩子。关系与身份证出生日期不符的，可携带户口本等关系证明到经办机构窗口办理。
      </View>
    </>
  );
}
