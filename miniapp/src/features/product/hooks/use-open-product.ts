import { useAsync } from '../../../lib/use-async';
import { fetchOpenProducts, type ProductView } from '../api';

export type OpenProductState =
  | { status: 'loading' }
  | { status: 'open'; product: ProductView }
  /** No edition is open for enrolment today. */
  | { status: 'closed' }
  | { status: 'error'; message: string; retry: () => void };

/** The edition open for enrolment now (the latest, if several are listed). */
export function useOpenProduct(): OpenProductState {
  const { data, error, loading, reload } = useAsync(fetchOpenProducts);
  if (loading) return { status: 'loading' };
  if (error) {
    // A missing endpoint (404) means the platform has not published an edition yet.
    if (error.status === 404) return { status: 'closed' };
    return { status: 'error', message: error.message, retry: () => void reload() };
  }
  const latest = [...(data ?? [])].sort((a, b) => b.year - a.year)[0];
  return latest ? { status: 'open', product: latest } : { status: 'closed' };
}
