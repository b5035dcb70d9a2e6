import { useSyncExternalStore } from 'react';
import { session } from './session';

let snapshot = session.current();
session.subscribe(() => {
  snapshot = session.current();
});

export function useSession() {
  return useSyncExternalStore(session.subscribe, () => snapshot);
}
