import { useState } from 'react';
import Taro from '@tarojs/taro';
import { PAGES } from '../../../lib/pages';
import { returnAfterAuth } from '../../../lib/navigation';
import { saveSession } from '../../../lib/session';
import { login } from '../api';
import { rememberDemoPersona } from '../demo-persona';

/**
 * Logs in with a code (WeChat's `Taro.login` code, or a demo persona's code in the browser build),
 * stores the token, then goes to 实名认证 if the user has not verified yet, else back to `redirect`.
 */
export function useLogin(redirect: string | undefined) {
  const [busy, setBusy] = useState(false);

  async function loginWithCode(code: string, options: { demoPersona?: boolean } = {}) {
    if (busy) return;
    setBusy(true);
    try {
      const session = await login({ code });
      saveSession(session.token, session.expiresAt);
      rememberDemoPersona(options.demoPersona ? code : null);
      if (session.user.verified) {
        Taro.showToast({ title: '登录成功', icon: 'success' });
        returnAfterAuth(redirect);
      } else {
        const query = redirect ? `?redirect=${encodeURIComponent(redirect)}` : '';
        Taro.redirectTo({ url: PAGES.identity + query });
      }
    } catch {
      // request() has shown the message.
    } finally {
      setBusy(false);
    }
  }

  async function loginWithWechat() {
    try {
      const { code } = await Taro.login();
      await loginWithCode(code);
    } catch {
      Taro.showToast({ title: '微信登录失败，请重新打开小程序后再试', icon: 'none' });
    }
  }

  return { busy, loginWithCode, loginWithWechat };
}
