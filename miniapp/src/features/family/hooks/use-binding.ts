import { errorMessage } from '@puhui/shared';
import { ApiError } from '../../../lib/request';
import { useAsync } from '../../../lib/use-async';
import { fetchRelatives } from '../api';

/** One of my bindings, by id (the API has no single-binding read; the list is short). */
export function useBinding(bindingId: string) {
  return useAsync(async () => {
    const binding = (await fetchRelatives()).find((b) => b.bindingId === bindingId);
    if (!binding) throw new ApiError('NOT_FOUND', 404, errorMessage('NOT_FOUND'));
    return binding;
  });
}
