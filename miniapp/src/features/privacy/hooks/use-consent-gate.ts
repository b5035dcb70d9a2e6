import { useCallback, useEffect, useState } from 'react';
import type { PrivacyDocumentKind, PrivacyDocumentView } from '@puhui/shared';
import { fetchConsents, fetchPrivacyTexts, giveConsent } from '../api';

export type GateState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ask'; missing: PrivacyDocumentView[] }
  | { status: 'given' };

/**
 * Whether the user has agreed to the versions in force of `kinds`; `agree` records each missing one
 * (the version shown is the version agreed to).
 */
export function useConsentGate(kinds: readonly PrivacyDocumentKind[]) {
  const [state, setState] = useState<GateState>({ status: 'loading' });
  const [busy, setBusy] = useState(false);
  const key = kinds.join(',');

  const load = useCallback(async () => {
    try {
      const [texts, consents] = await Promise.all([fetchPrivacyTexts(), fetchConsents()]);
      const given = new Set(consents.consents.filter((c) => c.state === 'GIVEN').map((c) => c.kind));
      const missing = texts.documents.filter((d) => kinds.includes(d.kind) && !given.has(d.kind));
      setState(missing.length === 0 ? { status: 'given' } : { status: 'ask', missing });
    } catch (err) {
      setState({ status: 'error', message: (err as Error).message });
    }
    // Reloaded when the kinds change (by value: callers pass a fresh array each render).
  }, [key]);

  useEffect(() => {
    void load();
  }, [load]);

  const agree = useCallback(async () => {
    if (state.status !== 'ask' || busy) return;
    setBusy(true);
    try {
      for (const doc of state.missing) await giveConsent({ kind: doc.kind, version: doc.version });
      setState({ status: 'given' });
    } catch {
      // The request layer showed the message; the user may tap again.
    } finally {
      setBusy(false);
    }
  }, [state, busy]);

  return { state, busy, agree, reload: load };
}
