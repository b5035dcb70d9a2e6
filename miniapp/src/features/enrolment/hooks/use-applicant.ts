import { useCallback, useRef, useState } from 'react';
import type { BindingView, PersonView } from '@puhui/shared';
import type { ApiError } from '../../../lib/request';
import { hasSession } from '../../../lib/session';
import { usePageData } from '../../../lib/use-page-data';
import { fetchMe, fetchRelatives } from '../api';

export type ApplicantState =
  | { status: 'loading' }
  | { status: 'guest' }
  /** Logged in, 实名认证 not done yet: nobody can be insured before it. */
  | { status: 'unverified' }
  /** `relatives`: the ACTIVE 家庭共济 bindings, the relatives one may insure by binding. */
  | { status: 'ready'; applicant: PersonView; relatives: BindingView[] }
  | { status: 'error'; message: string };

/**
 * The applicant (投保人) and the relatives they bound, loaded when the picker appears, again each time
 * the tab shows and after a login: back from login, 实名认证 or 共济办理 the page is current without a pull.
 */
export function useApplicant() {
  const [state, setState] = useState<ApplicantState>(() =>
    hasSession() ? { status: 'loading' } : { status: 'guest' },
  );
  const latest = useRef(0);

  const refresh = useCallback(async () => {
    const run = ++latest.current;
    if (!hasSession()) {
      setState({ status: 'guest' });
      return;
    }
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    let next: ApplicantState;
    try {
      const me = await fetchMe();
      if (!me.person) next = { status: 'unverified' };
      else {
        const bindings = await fetchRelatives();
        next = {
          status: 'ready',
          applicant: me.person,
          relatives: bindings.filter((binding) => binding.status === 'ACTIVE'),
        };
      }
    } catch (error) {
      const apiError = error as ApiError;
      // A 401 has cleared the session and opened the login page.
      next = apiError.status === 401 ? { status: 'guest' } : { status: 'error', message: apiError.message };
    }
    if (run === latest.current) setState(next);
  }, []);

  usePageData(() => void refresh());

  return { state, refresh };
}
