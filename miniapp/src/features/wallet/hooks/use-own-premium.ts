import { useRef, useState } from 'react';
import type { ResidentPaymentView, WalletResidentPayableView } from '@puhui/shared';
import { ApiError, newIdempotencyKey } from '../../../lib/request';
import { fetchOpenYears, fetchOwnPremium, payOwnPremium } from '../api';

/**
 * 缴居民医保 from my 医保钱包: 缴居民医保 loads the year being collected and my quote (amount, 待遇等待期,
 * balance); 确认缴费 pays it with one key per quote (a retry after a lost answer pays once); `done` is
 * called after a payment, so that the page reloads the balance and the entries.
 */
export function useOwnPremium(done: () => Promise<unknown>) {
  const [quote, setQuote] = useState<WalletResidentPayableView | null>(null);
  const [payment, setPayment] = useState<ResidentPaymentView | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const key = useRef<string | null>(null);

  async function guard(work: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    setRefusal(null);
    try {
      await work();
    } catch (error) {
      setRefusal(error instanceof ApiError ? error : new ApiError('HTTP_ERROR', 0, '操作失败，请稍后再试'));
    } finally {
      setBusy(false);
    }
  }

  return {
    quote,
    payment,
    busy,
    refusal,
    open: () =>
      guard(async () => {
        setPayment(null);
        const { defaultYear } = await fetchOpenYears();
        if (defaultYear === null)
          throw new ApiError('NOT_FOUND', 404, '当前不在居民医保缴费期，请在集中参保期内再来缴费');
        setQuote(await fetchOwnPremium(defaultYear));
        key.current = newIdempotencyKey();
      }),
    confirm: () =>
      guard(async () => {
        if (!quote) return;
        const r = await payOwnPremium(quote.year, key.current ?? newIdempotencyKey());
        setPayment(r.payment);
        setQuote(null);
        key.current = null;
        await done();
      }),
    close: () => {
      setQuote(null);
      setRefusal(null);
    },
  };
}
