import { useState } from 'react';
import { useLoad } from '@tarojs/taro';
import { goToLogin } from './navigation';
import { hasSession } from './session';

/** For pages that show nothing without a user: false (and off to login) when there is no session. */
export function useRequireLogin(): boolean {
  const [loggedIn] = useState(hasSession);
  useLoad(() => {
    if (!loggedIn) goToLogin({ replace: true });
  });
  return loggedIn;
}
