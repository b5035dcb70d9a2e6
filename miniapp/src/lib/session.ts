import Taro from '@tarojs/taro';

/** The login token, kept in local storage (小程序 storage / localStorage in H5). */
const SESSION_KEY = 'puhui.session';

interface StoredSession {
  token: string;
  expiresAt: string;
}

export function getToken(): string | null {
  const session = Taro.getStorageSync<StoredSession | ''>(SESSION_KEY);
  if (!session || typeof session !== 'object' || !session.token) return null;
  if (Date.parse(session.expiresAt) <= Date.now()) {
    clearSession();
    return null;
  }
  return session.token;
}

export function hasSession(): boolean {
  return getToken() !== null;
}

export function saveSession(token: string, expiresAt: string): void {
  Taro.setStorageSync(SESSION_KEY, { token, expiresAt } satisfies StoredSession);
}

export function clearSession(): void {
  Taro.removeStorageSync(SESSION_KEY);
}
