import { useAsync } from '../../../lib/use-async';
import { fetchPolicies } from '../api';

export function usePolicies() {
  return useAsync(fetchPolicies);
}
