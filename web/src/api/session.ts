import { useSyncExternalStore } from 'react';
import { readStored as read, writeStored as write } from './storage.js';

const TOKEN_KEY = 'vigil.token';
const ACTOR_KEY = 'vigil.actor';

export interface Session {
  token: string | null;
  /** The name written into alert timelines for this user's actions. */
  actor: string;
  /** Why the user was signed out, shown on the sign-in form. */
  notice: string | null;
}

let current: Session = { token: read(TOKEN_KEY), actor: read(ACTOR_KEY) ?? '', notice: null };
const listeners = new Set<() => void>();

function set(next: Session): void {
  current = next;
  for (const listener of listeners) listener();
}

export const session = {
  get: (): Session => current,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  signIn(token: string, actor: string): void {
    write(TOKEN_KEY, token);
    write(ACTOR_KEY, actor);
    set({ token, actor, notice: null });
  },
  signOut(notice: string | null = null): void {
    write(TOKEN_KEY, null);
    set({ ...current, token: null, notice });
  },
};

// Another tab signing in or out changes this one too.
window.addEventListener('storage', (event) => {
  if (event.key === TOKEN_KEY || event.key === ACTOR_KEY) {
    set({ token: read(TOKEN_KEY), actor: read(ACTOR_KEY) ?? '', notice: null });
  }
});

export const useSession = (): Session => useSyncExternalStore(session.subscribe, session.get);
