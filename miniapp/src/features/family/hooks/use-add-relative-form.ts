import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import {
  LABELS,
  isValidIdNumber,
  maskIdNumber,
  normalizeIdNumber,
  type FieldError,
  type Relationship,
} from '@puhui/shared';
import { leaveNotice } from '../../../components/ResultNotice';
import { PAGES } from '../../../lib/pages';
import { ApiError } from '../../../lib/request';
import { bindRelative, fetchRelationships } from '../api';
import { ALL_RELATIONSHIPS } from '../labels';
import { leaveToFamilyHome } from '../navigation';

const ID_LENGTH = 18;
/** The server's rule for a name (BindRelativeDto): 2–30 Chinese characters or letters. */
const NAME_SHAPE = /^[\u3400-\u9fff\u00b7·A-Za-z ]{2,30}$/u;

type Field = 'name' | 'idNumber' | 'relationship';

/**
 * 添加亲属: 姓名, 身份证号 (check digit verified before anything is sent), 亲属关系; a confirm modal with
 * the masked number; then the binding. A refusal stays on the page (`refusal`) until the user edits.
 */
export function useAddRelativeForm() {
  const [name, setNameValue] = useState('');
  const [idNumber, setIdNumberValue] = useState('');
  const [relationship, setRelationshipValue] = useState<Relationship | null>(null);
  const [touched, setTouched] = useState<Record<Field, boolean>>({
    name: false,
    idNumber: false,
    relationship: false,
  });
  const [submitting, setSubmitting] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  // The region's relationships; all six until they load, and if they cannot (the server decides anyway).
  const [relationships, setRelationships] = useState<readonly Relationship[]>(ALL_RELATIONSHIPS);
  useEffect(() => {
    fetchRelationships().then(
      (r) => setRelationships(r.relationships),
      () => undefined,
    );
  }, []);
  // Set from the first tap, through the confirm modal, to the answer; a ref because two taps in one
  // frame would both still see the old state.
  const busy = useRef(false);

  const trimmedName = name.trim();
  const normalizedId = normalizeIdNumber(idNumber);
  const localErrors: Record<Field, string | null> = {
    name: !trimmedName
      ? '请输入亲属姓名'
      : NAME_SHAPE.test(trimmedName)
        ? null
        : '姓名应为 2–30 个汉字或字母',
    idNumber: !normalizedId
      ? '请输入亲属身份证号码'
      : isValidIdNumber(normalizedId)
        ? null
        : '身份证号码校验不通过，请核对后重新输入',
    relationship: relationship ? null : '请选择亲属关系',
  };
  // A 400 from the server names its fields; show each under its field too.
  const serverErrors = fieldErrorsOf(refusal);
  const errors: Record<Field, string | null> = {
    name: (touched.name ? localErrors.name : null) ?? serverErrors.name ?? null,
    // Say so as soon as 18 characters are typed, not while the user is still typing.
    idNumber:
      (touched.idNumber || normalizedId.length >= ID_LENGTH ? localErrors.idNumber : null) ??
      serverErrors.idNumber ??
      null,
    relationship:
      (touched.relationship ? localErrors.relationship : null) ?? serverErrors.relationship ?? null,
  };

  function edited(field: Field) {
    setRefusal(null);
    setTouched((previous) => (field === 'relationship' ? { ...previous, relationship: true } : previous));
  }

  async function submit() {
    if (busy.current) return;
    setTouched({ name: true, idNumber: true, relationship: true });
    if (localErrors.name || localErrors.idNumber || !relationship) return;
    busy.current = true;
    setRefusal(null);
    let done = false;
    try {
      const { confirm } = await Taro.showModal({
        title: '确认绑定共济亲属',
        content: `${LABELS.relationship[relationship]}：${trimmedName}，身份证号 ${maskIdNumber(normalizedId)}。绑定后，该亲属可使用您的医保个账余额支付医疗费用和保费。`,
        confirmText: '确认绑定',
      });
      if (!confirm) return;
      setSubmitting(true);
      const { binding } = await bindRelative({ name: trimmedName, idNumber: normalizedId, relationship });
      done = true;
      leaveNotice(PAGES.family, {
        type: 'success',
        title: '绑定成功',
        description: `${LABELS.relationship[relationship]} ${binding.relative.person.name} 现在可以使用您的医保个账余额支付医疗费用和保费。`,
      });
      leaveToFamilyHome();
    } catch (error) {
      setRefusal(error instanceof ApiError ? error : new ApiError('HTTP_ERROR', 0, '提交失败，请稍后再试'));
    } finally {
      // After success the page is leaving: the button stays disabled so that it cannot bind twice.
      if (!done) {
        busy.current = false;
        setSubmitting(false);
      }
    }
  }

  return {
    name,
    idNumber,
    relationship,
    relationships,
    errors,
    submitting,
    refusal,
    setName: (value: string) => {
      setNameValue(value);
      edited('name');
    },
    setIdNumber: (value: string) => {
      setIdNumberValue(value);
      edited('idNumber');
    },
    setRelationship: (value: Relationship) => {
      setRelationshipValue(value);
      edited('relationship');
    },
    touch: (field: 'name' | 'idNumber') => setTouched((previous) => ({ ...previous, [field]: true })),
    submit,
  };
}

function fieldErrorsOf(error: ApiError | null): Partial<Record<string, string>> {
  const fields = (error?.details?.fields ?? []) as FieldError[];
  return Object.fromEntries(fields.map((f) => [f.field, f.message]));
}
