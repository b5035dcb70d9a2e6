import Taro from '@tarojs/taro';

/** The login token, kept in local storage (小程序 storage / localStorage in H5). */
const SESSION_KEY = 'puhui.session';
/** Fired on login and logout: tab pages stay mounted and must load again for the new user. */
const SESSION_EVENT = 'puhui.session.change';

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
  Taro.eventCenter.trigger(SESSION_EVENT);
}

export function clearSession(): void {
  Taro.removeStorageSync(SESSION_KEY);
  Taro.eventCenter.trigger(SESSION_EVENT);
}

/** Calls `listener` after each login or logout; returns the unsubscribe. */
export function onSessionChange(listener: () => void): () => void {
  Taro.eventCenter.on(SESSION_EVENT, listener);
  return () => Taro.eventCenter.off(SESSION_EVENT, listener);
}
