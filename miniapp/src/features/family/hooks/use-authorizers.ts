import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import type { AuthorizerView } from '@puhui/shared';
import { ApiError } from '../../../lib/request';
import { fetchAuthorizers, reorderAuthorizers } from '../api';

type AuthorizersState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  /** `saved` is the server's order, `order` the one on screen (moved but not saved yet). */
  | { status: 'ready'; saved: AuthorizerView[]; order: AuthorizerView[] };

const sameOrder = (a: AuthorizerView[], b: AuthorizerView[]) =>
  a.length === b.length && a.every((item, i) => item.bindingId === b[i].bindingId);

/** 可使用的共济账户: the accounts that pay for me after my own, and 调整使用顺序. */
export function useAuthorizers() {
  const [state, setState] = useState<AuthorizersState>({ status: 'loading' });
  const [saving, setSaving] = useState(false);

  const load = useCallback(async () => {
    setState({ status: 'loading' });
    try {
      const list = await fetchAuthorizers();
      setState({ status: 'ready', saved: list, order: list });
    } catch (error) {
      setState({ status: 'error', error: error as ApiError });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  function move(index: number, delta: -1 | 1) {
    if (state.status !== 'ready' || saving) return;
    const target = index + delta;
    if (target < 0 || target >= state.order.length) return;
    const order = [...state.order];
    [order[index], order[target]] = [order[target], order[index]];
    setState({ ...state, order });
  }

  async function save() {
    if (state.status !== 'ready' || saving || sameOrder(state.order, state.saved)) return;
    setSaving(true);
    try {
      const list = await reorderAuthorizers({ bindingIds: state.order.map((a) => a.bindingId) });
      setState({ status: 'ready', saved: list, order: list });
      Taro.showToast({ title: '顺序已保存', icon: 'success' });
    } catch (error) {
      // request() has toasted why; when the list changed meanwhile (an authoriser unbound), show the new one.
      const code = (error as ApiError).code;
      if (code === 'BINDING_ORDER_MISMATCH' || code === 'NOT_FOUND') void load();
    } finally {
      setSaving(false);
    }
  }

  return {
    state,
    saving,
    changed: state.status === 'ready' && !sameOrder(state.order, state.saved),
    move,
    save,
    reload: load,
  };
}
