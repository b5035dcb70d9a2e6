import { useEffect, useRef } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';
import { onSessionChange } from './session';

/**
 * Runs `load` however the page is reached: when the component mounts (a component rendered after the
 * page's first show, e.g. under a loaded product, never sees that show), each time the page shows
 * again after being hidden, and after a login or logout (tab pages stay mounted across them).
 */
export function usePageData(load: () => void): void {
  const loadRef = useRef(load);
  loadRef.current = load;
  const hidden = useRef(false);

  useEffect(() => {
    loadRef.current();
    return onSessionChange(() => loadRef.current());
  }, []);

  useDidHide(() => {
    hidden.current = true;
  });
  useDidShow(() => {
    if (!hidden.current) return;
    hidden.current = false;
    loadRef.current();
  });
}
