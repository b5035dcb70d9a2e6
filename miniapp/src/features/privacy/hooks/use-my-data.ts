import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import type { ConsentsResponse, MyDataResponse, PrivacyDocumentKind } from '@puhui/shared';
import { usePageData } from '../../../lib/use-page-data';
import { endBindingAsRelative, fetchConsents, fetchExport, fetchMyData, withdrawConsent } from '../api';
import { saveExport } from '../download';

type State =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; data: MyDataResponse; consents: ConsentsResponse };

/** 我的信息: loads what is held and my consents; withdraws (after a confirm), ends a binding, downloads. */
export function useMyData() {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [downloading, setDownloading] = useState(false);

  const load = useCallback(async () => {
    try {
      const [data, consents] = await Promise.all([fetchMyData(), fetchConsents()]);
      setState({ status: 'ready', data, consents });
    } catch (err) {
      setState({ status: 'error', message: (err as Error).message });
    }
  }, []);
  usePageData(() => void load());

  const withdraw = useCallback(
    async (kind: PrivacyDocumentKind) => {
      if (state.status !== 'ready') return;
      const consent = state.consents.consents.find((c) => c.kind === kind)!;
      const { confirm } = await Taro.showModal({
        title: `撤回「${consent.title}」`,
        content: consent.withdrawalStops,
        confirmText: '撤回',
      });
      if (!confirm) return;
      await withdrawConsent(kind).catch(() => undefined);
      await load();
    },
    [state, load],
  );

  const endBinding = useCallback(
    async (bindingId: string) => {
      await endBindingAsRelative(bindingId).catch(() => undefined);
      await load();
    },
    [load],
  );

  const download = useCallback(async () => {
    setDownloading(true);
    try {
      await saveExport(await fetchExport());
    } catch {
      // The request layer showed the message.
    } finally {
      setDownloading(false);
    }
  }, []);

  /** The export with my own full numbers: true when saved, false to let the keypad ask again. */
  const [keypadError, setKeypadError] = useState<string | null>(null);
  const downloadFull = useCallback(async (password: string): Promise<boolean> => {
    try {
      await saveExport(await fetchExport(password));
      setKeypadError(null);
      return true;
    } catch (err) {
      setKeypadError((err as Error).message);
      return false;
    }
  }, []);

  return { state, downloading, withdraw, endBinding, download, downloadFull, keypadError, reload: load };
}
