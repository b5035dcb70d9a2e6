import { useState } from 'react';
import type { AccountResponse } from '@puhui/shared';
import { ApiError } from '../../../lib/request';
import { fetchAccount } from '../api';

export type BalanceState =
  | { status: 'hidden' }
  | { status: 'loading' }
  | { status: 'shown'; account: AccountResponse }
  | { status: 'error'; error: ApiError };

/** The balance stays hidden (and is not even fetched) until the user taps 显示余额. */
export function useBalance() {
  const [state, setState] = useState<BalanceState>({ status: 'hidden' });

  async function show() {
    if (state.status === 'loading') return;
    setState({ status: 'loading' });
    try {
      setState({ status: 'shown', account: await fetchAccount() });
    } catch (error) {
      setState({ status: 'error', error: error as ApiError });
    }
  }

  return { state, show, hide: () => setState({ status: 'hidden' }) };
}
