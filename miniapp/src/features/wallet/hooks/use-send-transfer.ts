import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import {
  LABELS,
  formatFen,
  isValidIdNumber,
  normalizeIdNumber,
  yuanToFen,
  type Relationship,
} from '@puhui/shared';
import { leaveNotice } from '../../../components/ResultNotice';
import { PAGES } from '../../../lib/pages';
import { ApiError, newIdempotencyKey } from '../../../lib/request';
import { useAsync } from '../../../lib/use-async';
import { fetchWallet, sendTransfer } from '../api';

/** The server's rule for a name: 2–30 Chinese characters or letters. */
const NAME_SHAPE = /^[\u3400-\u9fff\u00b7·A-Za-z ]{2,30}$/u;
const AMOUNT_SHAPE = /^\d{1,7}(\.\d{1,2})?$/;
/** Refusals of the password itself: shown in the keypad, the user types again with the same key. */
const IN_KEYPAD = new Set(['PASSWORD_INCORRECT', 'PASSWORD_LOCKED', 'PASSWORD_NOT_SET']);

type Field = 'name' | 'idNumber' | 'relationship' | 'amount';

/**
 * 转账申请: receiver 姓名 + 身份证号 + 亲属关系, the amount in yuan (the limits are loaded first and shown
 * before the user types), then the password keypad. One key per confirmed transfer, kept while a retry
 * must not send twice.
 */
export function useSendTransfer() {
  const limits = useAsync(async () => (await fetchWallet()).limits);
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [relationship, setRelationship] = useState<Relationship | null>(null);
  const [amount, setAmount] = useState('');
  const [tried, setTried] = useState(false);
  const [keypadOpen, setKeypadOpen] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const key = useRef<string | null>(null);
  const inFlight = useRef(false);

  const max = limits.data?.maxAmountFen ?? 200_000;
  const amountFen = AMOUNT_SHAPE.test(amount.trim()) ? yuanToFen(amount.trim()) : null;
  const normalizedId = normalizeIdNumber(idNumber);
  const problems: Record<Field, string | null> = {
    name: NAME_SHAPE.test(name.trim()) ? null : '请输入收款亲属姓名（2–30 个汉字或字母）',
    idNumber: isValidIdNumber(normalizedId) ? null : '身份证号码校验不通过，请核对后重新输入',
    relationship: relationship ? null : '请选择收款人与您的关系',
    amount:
      amountFen === null || amountFen <= 0
        ? '请输入转账金额，最多两位小数'
        : amountFen > max
          ? `单笔最多 ¥${(max / 100).toFixed(2)}`
          : null,
  };
  const errors = Object.fromEntries(
    Object.entries(problems).map(([field, message]) => [field, tried ? message : null]),
  ) as Record<Field, string | null>;

  function edited<T>(set: (value: T) => void) {
    return (value: T) => {
      set(value);
      setRefusal(null);
      key.current = null; // a changed transfer is a new one
    };
  }

  function confirm() {
    setTried(true);
    if (Object.values(problems).some(Boolean) || inFlight.current) return;
    if (!key.current) key.current = newIdempotencyKey();
    setRefusal(null);
    setKeypadOpen(true);
  }

  async function submitPassword(password: string): Promise<boolean> {
    if (inFlight.current || !key.current || amountFen === null || !relationship) return false;
    inFlight.current = true;
    try {
      const answer = await sendTransfer(
        { name: name.trim(), idNumber: normalizedId, relationship, amountFen, password },
        key.current,
      );
      const t = answer.transfer;
      setKeypadOpen(false);
      leaveNotice(PAGES.wallet, {
        type: 'success',
        title: '转账已提交，待对方确认',
        description: `已从您的个账冻结 ${formatFen(t.amountFen)}，转给${LABELS.relationship[t.relationship]} ${t.receiver.person.name}。对方确认后到账；次日 06:00 前未确认将退回您的个账。`,
      });
      // Back to 医保钱包, which reloads on show (or to it, when this page was opened directly).
      if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
      else void Taro.redirectTo({ url: PAGES.wallet });
      return true;
    } catch (error) {
      const apiError =
        error instanceof ApiError ? error : new ApiError('HTTP_ERROR', 0, '转账失败，请稍后再试');
      setRefusal(apiError);
      if (!IN_KEYPAD.has(apiError.code)) {
        setKeypadOpen(false);
        key.current = null;
      }
      return false;
    } finally {
      inFlight.current = false;
    }
  }

  return {
    limits,
    name,
    idNumber,
    relationship,
    amount,
    amountFen,
    errors,
    setName: edited(setName),
    setIdNumber: edited(setIdNumber),
    setRelationship: edited(setRelationship),
    setAmount: edited(setAmount),
    confirm,
    keypadOpen,
    closeKeypad: () => setKeypadOpen(false),
    submitPassword,
    refusal,
    keypadError: refusal && IN_KEYPAD.has(refusal.code) ? keypadMessage(refusal) : null,
  };
}

/** A refused password, said in the keypad: how many tries are left before the 24-hour lock. */
function keypadMessage(refusal: ApiError): string {
  const remaining = refusal.details?.remainingAttempts;
  return refusal.code === 'PASSWORD_INCORRECT' && typeof remaining === 'number'
    ? `支付密码错误，还可以输入 ${remaining} 次，连续输错 5 次将锁定 24 小时。`
    : refusal.message;
}
