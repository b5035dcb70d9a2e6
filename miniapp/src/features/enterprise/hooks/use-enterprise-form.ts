import { useRef, useState } from 'react';
import { isValidCreditCode, isValidMobile, type FieldError } from '@puhui/shared';
import { ApiError } from '../../../lib/request';
import { registerEnterprise, type EnterpriseAnswer } from '../api';

export type EnterpriseField =
  'companyName' | 'creditCode' | 'contactName' | 'contactPhone' | 'employeeCount' | 'remarks';

const FIELDS: EnterpriseField[] = [
  'companyName',
  'creditCode',
  'contactName',
  'contactPhone',
  'employeeCount',
  'remarks',
];
const CREDIT_CODE_LENGTH = 18;
const MOBILE_LENGTH = 11;
/** The server's rules (EnterpriseDto), checked here first so that the user hears at once. */
const CONTACT_NAME = /^[\u3400-\u9fff\u00b7·A-Za-z ]{2,30}$/u;
const MAX_EMPLOYEES = 1_000_000;

type Values = Record<EnterpriseField, string>;
const EMPTY: Values = {
  companyName: '',
  creditCode: '',
  contactName: '',
  contactPhone: '',
  employeeCount: '',
  remarks: '',
};

function localErrorsOf(values: Values): Record<EnterpriseField, string | null> {
  const companyName = values.companyName.trim();
  const creditCode = values.creditCode.trim().toUpperCase();
  const contactName = values.contactName.trim();
  const employees = Number(values.employeeCount);
  return {
    companyName: !companyName
      ? '请填写企业名称'
      : companyName.length < 2 || companyName.length > 100
        ? '企业名称应为 2–100 个字'
        : null,
    creditCode: !creditCode
      ? '请填写统一社会信用代码'
      : isValidCreditCode(creditCode)
        ? null
        : '统一社会信用代码校验不通过，请核对营业执照',
    contactName: !contactName
      ? '请填写联系人'
      : CONTACT_NAME.test(contactName)
        ? null
        : '联系人应为 2–30 个汉字或字母',
    contactPhone: !values.contactPhone
      ? '请填写手机号'
      : isValidMobile(values.contactPhone)
        ? null
        : '请输入正确的 11 位手机号',
    employeeCount: !values.employeeCount
      ? '请填写员工人数'
      : Number.isInteger(employees) && employees >= 1 && employees <= MAX_EMPLOYEES
        ? null
        : '员工人数应为 1 以上的整数',
    remarks: values.remarks.length > 500 ? '备注最多 500 字' : null,
  };
}

/** A 400's `details.fields` by field (`field` is the request property). */
function fieldErrorsOf(error: ApiError | null): Partial<Record<string, string>> {
  const fields = (error?.details?.fields ?? []) as FieldError[];
  const errors: Partial<Record<string, string>> = Object.fromEntries(fields.map((f) => [f.field, f.message]));
  if (error?.code === 'INVALID_CREDIT_CODE' && !errors.creditCode) errors.creditCode = error.message;
  return errors;
}

/**
 * 企业登记: six fields checked as they are typed (a code once 18 characters are in, a phone once 11),
 * the server's field errors shown under their fields, then the result in place of the form.
 */
export function useEnterpriseForm() {
  const [values, setValues] = useState<Values>(EMPTY);
  const [touched, setTouched] = useState<Partial<Record<EnterpriseField, boolean>>>({});
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<EnterpriseAnswer | null>(null);
  const busy = useRef(false);

  const local = localErrorsOf(values);
  const server = fieldErrorsOf(refusal);
  // Say so as soon as the code or the number is complete, not while the user is still typing.
  const complete: Partial<Record<EnterpriseField, boolean>> = {
    creditCode: values.creditCode.trim().length >= CREDIT_CODE_LENGTH,
    contactPhone: values.contactPhone.length >= MOBILE_LENGTH,
  };
  const errors = Object.fromEntries(
    FIELDS.map((field) => [
      field,
      ((touched[field] || complete[field]) && local[field]) || server[field] || null,
    ]),
  ) as Record<EnterpriseField, string | null>;
  // A refusal that no field explains (rate limit, network) is shown above the button.
  const formError = refusal && !FIELDS.some((field) => server[field]) ? refusal.message : null;

  function set(field: EnterpriseField, value: string) {
    setValues((previous) => ({ ...previous, [field]: value }));
    setRefusal(null);
  }

  async function submit() {
    if (busy.current) return;
    setTouched(Object.fromEntries(FIELDS.map((field) => [field, true])));
    if (FIELDS.some((field) => local[field])) return;
    busy.current = true;
    setSubmitting(true);
    setRefusal(null);
    try {
      const remarks = values.remarks.trim();
      setResult(
        await registerEnterprise({
          companyName: values.companyName.trim(),
          creditCode: values.creditCode.trim().toUpperCase(),
          contactName: values.contactName.trim(),
          contactPhone: values.contactPhone,
          employeeCount: Number(values.employeeCount),
          ...(remarks ? { remarks } : {}),
        }),
      );
    } catch (error) {
      setRefusal(error instanceof ApiError ? error : new ApiError('HTTP_ERROR', 0, '提交失败，请稍后再试'));
    } finally {
      busy.current = false;
      setSubmitting(false);
    }
  }

  return {
    values,
    errors,
    formError,
    submitting,
    result,
    set,
    touch: (field: EnterpriseField) => setTouched((previous) => ({ ...previous, [field]: true })),
    submit,
  };
}
