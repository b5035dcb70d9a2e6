import { useAsync } from '../../../lib/use-async';
import { fetchPayments } from '../api';

/** 缴费记录: what my 个账 paid for relatives' 城乡居民医保 (the API answers one list, newest first). */
export function usePayments() {
  return useAsync(fetchPayments);
}
