import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './request';

export interface AsyncState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Runs the loader again; an older answer arriving late is dropped. */
  reload: () => Promise<void>;
}

/** Loads once on mount (unless `immediate` is false) and on `reload()`. */
export function useAsync<T>(load: () => Promise<T>, options: { immediate?: boolean } = {}): AsyncState<T> {
  const { immediate = true } = options;
  const [state, setState] = useState<Omit<AsyncState<T>, 'reload'>>({
    data: undefined,
    error: undefined,
    loading: immediate,
  });
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const run = ++latest.current;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    try {
      const data = await loadRef.current();
      if (run === latest.current) setState({ data, error: undefined, loading: false });
    } catch (error) {
      const apiError =
        error instanceof ApiError ? error : new ApiError('HTTP_ERROR', 0, '页面出错了，请稍后再试');
      if (run === latest.current) setState({ data: undefined, error: apiError, loading: false });
    }
  }, []);

  useEffect(() => {
    if (immediate) void reload();
  }, [immediate, reload]);

  return { ...state, reload };
}
