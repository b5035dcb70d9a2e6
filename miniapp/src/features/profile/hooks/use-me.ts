import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import type { MeResponse } from '@puhui/shared';
import { hasSession } from '../../../lib/session';
import type { ApiError } from '../../../lib/request';
import { fetchMe } from '../api';

export type MeState =
  | { status: 'loading' }
  | { status: 'guest' }
  | { status: 'ready'; me: MeResponse }
  | { status: 'error'; message: string };

/** Who is logged in, refreshed each time the page shows (e.g. back from login or 实名认证). */
export function useMe() {
  const [state, setState] = useState<MeState>(() =>
    hasSession() ? { status: 'loading' } : { status: 'guest' },
  );

  const refresh = useCallback(async () => {
    if (!hasSession()) {
      setState({ status: 'guest' });
      return;
    }
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    try {
      setState({ status: 'ready', me: await fetchMe() });
    } catch (error) {
      const apiError = error as ApiError;
      // A 401 has cleared the session and opened the login page.
      setState(
        apiError.status === 401 ? { status: 'guest' } : { status: 'error', message: apiError.message },
      );
    }
  }, []);

  useDidShow(() => {
    void refresh();
  });

  return { state, refresh, setGuest: () => setState({ status: 'guest' }) };
}
