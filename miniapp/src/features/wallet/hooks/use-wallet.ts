import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { ApiError, newIdempotencyKey } from '../../../lib/request';
import { useAsync } from '../../../lib/use-async';
import { usePageData } from '../../../lib/use-page-data';
import { acceptTransfer, activateWallet, fetchWallet } from '../api';

/**
 * 医保钱包: my wallet and transfers, reloaded each time the page shows (back from sending, the new
 * transfer is listed); 开通 and 确认收款, one request at a time. A refusal of an accept stays on the page.
 */
export function useWallet() {
  const wallet = useAsync(fetchWallet, { immediate: false });
  usePageData(() => void wallet.reload());
  const [busy, setBusy] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const inFlight = useRef(false);
  /** One key per transfer accepted: a retry after a lost answer does not post twice. */
  const acceptKeys = useRef(new Map<string, string>());

  async function run(label: string, work: () => Promise<unknown>) {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(label);
    setRefusal(null);
    try {
      await work();
    } catch (error) {
      setRefusal(error instanceof ApiError ? error : new ApiError('HTTP_ERROR', 0, '操作失败，请稍后再试'));
    } finally {
      inFlight.current = false;
      setBusy(null);
      await wallet.reload();
    }
  }

  return {
    wallet,
    busy,
    refusal,
    activate: () =>
      run('activate', async () => {
        await activateWallet();
        void Taro.showToast({ title: '医保钱包已开通', icon: 'success' });
      }),
    accept: (id: string) =>
      run(id, async () => {
        const key = acceptKeys.current.get(id) ?? newIdempotencyKey();
        acceptKeys.current.set(id, key);
        await acceptTransfer(id, key);
        void Taro.showToast({ title: '已确认收款', icon: 'success' });
      }),
  };
}
