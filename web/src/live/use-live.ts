import { useSyncExternalStore } from 'react';
import { liveStore, type LiveState } from './live-store.adapter.js';

export function useLive<T>(select: (state: LiveState) => T): T {
  return useSyncExternalStore(liveStore.subscribe, () => select(liveStore.getState()));
}
