import { useState } from 'react';
import { isValidIdNumber, normalizeIdNumber } from '@puhui/shared';
import type { OtherInsured } from './use-insured-selection';

const ID_LENGTH = 18;

/**
 * 添加其他被保险人: 姓名 + 身份证号, the number's check digit checked as it is typed (GB 11643), so a typo
 * is caught here and not by the quote.
 */
export function useOtherInsuredForm(onAdd: (other: OtherInsured) => boolean) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [touched, setTouched] = useState(false);
  const [duplicate, setDuplicate] = useState(false);

  const trimmedName = name.trim();
  const normalizedId = normalizeIdNumber(idNumber);
  const nameError = trimmedName ? null : '请输入被保险人姓名';
  const idError = !normalizedId
    ? '请输入身份证号码'
    : isValidIdNumber(normalizedId)
      ? null
      : '身份证号码校验不通过，请核对后重新输入';

  const errors = {
    name: touched ? nameError : null,
    // As soon as 18 characters are typed, not while the user is still typing.
    idNumber: duplicate
      ? '该被保险人已在列表中'
      : touched || normalizedId.length >= ID_LENGTH
        ? idError
        : null,
  };

  function reset() {
    setName('');
    setIdNumber('');
    setTouched(false);
    setDuplicate(false);
  }

  function submit() {
    setTouched(true);
    if (nameError || idError) return;
    if (!onAdd({ name: trimmedName, idNumber: normalizedId })) {
      setDuplicate(true);
      return;
    }
    reset();
    setOpen(false);
  }

  return {
    open,
    name,
    idNumber,
    errors,
    show: () => setOpen(true),
    cancel: () => {
      reset();
      setOpen(false);
    },
    setName,
    setIdNumber: (value: string) => {
      setDuplicate(false);
      setIdNumber(value);
    },
    touch: () => setTouched(true),
    submit,
  };
}
