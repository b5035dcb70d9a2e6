import { useState } from 'react';

/** One submit at a time (no double submit), its answer and its error kept for the page. */
export function useSubmit<A extends unknown[], T>(action: (...args: A) => Promise<T>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<T | null>(null);
  const submit = async (...args: A) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await action(...args));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { submit, busy, error, result, setResult };
}
