import { useRef, useState } from 'react';
import type { ResidentPaymentView } from '@puhui/shared';
import { ApiError, newIdempotencyKey } from '../../../lib/request';
import { useAsync } from '../../../lib/use-async';
import { fetchMe, fetchPayable, payResidentPremium } from '../api';
import { describeResidentRefusal, type ResidentRefusal } from '../refusal';

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError('HTTP_ERROR', 0, '缴费失败，请稍后再试');
}

/**
 * 核对缴费信息 → 确认缴费 → the 6-digit password → 缴费成功, for one relative and year. The relative is
 * read again from the payable list (the API has no single read; the list is short), so that the amount
 * and 已缴费 shown are the server's. One request at a time.
 */
export function useResidentPayment(bindingId: string, year: number) {
  const payable = useAsync(async () => {
    const item = (await fetchPayable(year)).find((p) => p.bindingId === bindingId);
    if (!item) throw new ApiError('NOT_FOUND', 404, '未找到该亲属的缴费信息，请返回缴费列表重新选择');
    return item;
  });
  const me = useAsync(fetchMe);
  const [keypadOpen, setKeypadOpen] = useState(false);
  const [refusal, setRefusal] = useState<ResidentRefusal | null>(null);
  const [payment, setPayment] = useState<ResidentPaymentView | null>(null);
  /** The Idempotency-Key of this payment: made at 确认缴费, kept while a retry must not pay twice. */
  const payKey = useRef<string | null>(null);
  const inFlight = useRef(false);

  const item = payable.data;
  const amountFen = item?.amountFen ?? null;
  const payableNow = Boolean(item && !item.paid && amountFen !== null && !payment);

  function confirm() {
    if (!payableNow || inFlight.current) return;
    if (!payKey.current) payKey.current = newIdempotencyKey();
    setRefusal(null);
    setKeypadOpen(true);
  }

  /** The keypad's 6 digits: true when paid; false to clear the digits (the refusal is shown). */
  async function submitPassword(password: string): Promise<boolean> {
    if (inFlight.current || !payKey.current || amountFen === null) return false;
    inFlight.current = true;
    try {
      const answer = await payResidentPremium({ bindingId, year, password }, payKey.current);
      setPayment(answer.payment);
      setRefusal(null);
      setKeypadOpen(false);
      return true;
    } catch (error) {
      const described = describeResidentRefusal(asApiError(error), { year, amountFen });
      setRefusal(described);
      if (!described.keepKey) payKey.current = null;
      if (!described.inKeypad) setKeypadOpen(false);
      // Paid meanwhile (another phone, a lost answer): show the relative as the server has them.
      if (described.code === 'ALREADY_PAID') void payable.reload();
      return false;
    } finally {
      inFlight.current = false;
    }
  }

  return {
    payable,
    payer: me.data?.person ?? null,
    amountFen,
    payableNow,
    keypadOpen,
    closeKeypad: () => setKeypadOpen(false),
    confirm,
    submitPassword,
    refusal,
    payment,
  };
}
