import { useAsync } from '../../../lib/use-async';
import { fetchDemoPersonas } from '../api';

/** The demo personas; only the browser build asks for them (WeChat logs in with `Taro.login`). */
export function useDemoPersonas(enabled: boolean) {
  return useAsync(fetchDemoPersonas, { immediate: enabled });
}
