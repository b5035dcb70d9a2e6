import { useDidShow } from '@tarojs/taro';
import { useAsync } from '../../../lib/use-async';
import { fetchRelatives } from '../api';

/** The relatives I bound, reloaded each time 共济办理 shows (back from 添加亲属 or 解除绑定). */
export function useRelatives() {
  const relatives = useAsync(fetchRelatives, { immediate: false });
  useDidShow(() => {
    void relatives.reload();
  });
  return relatives;
}
