/**
 * The operator's session in this tab (sessionStorage: closing the browser ends it on this side too; the
 * server ends it on logout, expiry or when the operator is disabled).
 */
import type { OperatorView } from '@puhui/shared';

const KEY = 'puhui.console.session';
type Listener = () => void;
const listeners = new Set<Listener>();

export interface ConsoleSession {
  token: string;
  expiresAt: string | null;
  operator: OperatorView;
}

function read(): ConsoleSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as ConsoleSession) : null;
  } catch {
    return null;
  }
}

export const session = {
  current: read,
  token: () => read()?.token ?? null,
  start(value: ConsoleSession) {
    sessionStorage.setItem(KEY, JSON.stringify(value));
    listeners.forEach((l) => l());
  },
  end() {
    sessionStorage.removeItem(KEY);
    listeners.forEach((l) => l());
  },
  subscribe(listener: Listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
