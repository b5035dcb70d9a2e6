import { useState } from 'react';
import Taro from '@tarojs/taro';
import { isValidIdNumber, normalizeIdNumber } from '@puhui/shared';
import { returnAfterAuth } from '../../../lib/navigation';
import { verifyIdentity } from '../api';

const ID_LENGTH = 18;

/** 实名认证: 姓名 + 身份证号, the number checked (GB 11643 check digit) before anything is sent. */
export function useIdentityForm(redirect: string | undefined) {
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [touched, setTouched] = useState({ name: false, idNumber: false });
  const [submitting, setSubmitting] = useState(false);

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
    setName(values.name);
    setIdNumber(values.idNumber);
    setTouched({ name: true, idNumber: true });
  }

  async function submit() {
    setTouched({ name: true, idNumber: true });
    if (nameError || idError || submitting) return;
    setSubmitting(true);
    try {
      await verifyIdentity({ name: trimmedName, idNumber: normalizedId });
      Taro.showToast({ title: '认证成功', icon: 'success' });
      returnAfterAuth(redirect);
    } catch {
      // request() has shown the server's message (e.g. 姓名与身份证号不匹配…).
    } finally {
      setSubmitting(false);
    }
  }

  return {
    name,
    idNumber,
    errors,
    submitting,
    setName,
    setIdNumber,
    touch: (field: 'name' | 'idNumber') => setTouched((previous) => ({ ...previous, [field]: true })),
    fill,
    submit,
  };
}
