import Taro from '@tarojs/taro';
import { clearSession } from '../../../lib/session';
import { rememberDemoPersona } from '../demo-persona';

/** 退出登录 after a confirm; `onDone` updates the page. */
export function useLogout(onDone: () => void) {
  return async function logout() {
    const { confirm } = await Taro.showModal({
      title: '退出登录',
      content: '退出后需要重新登录才能查询个账和办理业务，确定退出吗？',
      confirmText: '退出',
      confirmColor: '#c93030',
    });
    if (!confirm) return;
    clearSession();
    rememberDemoPersona(null);
    onDone();
  };
}
