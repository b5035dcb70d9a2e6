import { useState } from 'react';
import Taro from '@tarojs/taro';
import { isValidIdNumber, normalizeIdNumber } from '@puhui/shared';
import { returnAfterAuth } from '../../../lib/navigation';
import type { Notice } from '../../../components/ResultNotice';
import { ApiError } from '../../../lib/request';
import { verifyIdentityQuietly } from '../api';

const ID_LENGTH = 18;

/** 实名认证: 姓名 + 身份证号, the number checked (GB 11643 check digit) before anything is sent. */
export function useIdentityForm(redirect: string | undefined) {
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [touched, setTouched] = useState({ name: false, idNumber: false });
  const [submitting, setSubmitting] = useState(false);
  /** The server's refusal, by the button until the user changes what they typed. */
  const [refusal, setRefusal] = useState<Notice | null>(null);

  const trimmedName = name.trim();
  const normalizedId = normalizeIdNumber(idNumber);
  const nameError = trimmedName ? null : '请输入姓名';
  const idError = !normalizedId
    ? '请输入身份证号码'
    : isValidIdNumber(normalizedId)
      ? null
      : '身份证号码校验不通过';

  const errors = {
    name: touched.name ? nameError : null,
    // Say so as soon as 18 characters are typed, not while the user is still typing.
    idNumber: touched.idNumber || normalizedId.length >= ID_LENGTH ? idError : null,
  };

  function fill(values: { name: string; idNumber: string }) {
    setRefusal(null);
    setName(values.name);
    setIdNumber(values.idNumber);
    setTouched({ name: true, idNumber: true });
  }

  async function submit() {
    setTouched({ name: true, idNumber: true });
    if (nameError || idError || submitting) return;
    setSubmitting(true);
    setRefusal(null);
    try {
      await verifyIdentityQuietly({ name: trimmedName, idNumber: normalizedId });
      Taro.showToast({ title: '认证成功', icon: 'success' });
      returnAfterAuth(redirect);
    } catch (error) {
      setRefusal({
        type: 'warn',
        title: '认证未通过',
        description: error instanceof ApiError ? error.message : '提交失败，请稍后再试',
      });
    } finally {
      setSubmitting(false);
    }
  }

  return {
    name,
    idNumber,
    errors,
    submitting,
    refusal,
    setName: (value: string) => {
      setRefusal(null);
      setName(value);
    },
    setIdNumber: (value: string) => {
      setRefusal(null);
      setIdNumber(value);
    },
    touch: (field: 'name' | 'idNumber') => setTouched((previous) => ({ ...previous, [field]: true })),
    fill,
    submit,
  };
}
