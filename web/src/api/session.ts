import { useSyncExternalStore } from 'react';
import { effectiveRole } from '../lib/access.js';
import type { MeDto, Principal, Role, UserDto } from './contracts.js';
import { readStored as read, writeStored as write } from './storage.js';

export const TOKEN_KEY = 'vigil.token';
const ACTOR_KEY = 'vigil.actor';
/** Set while this browser holds a dashboard session (the cookie itself is httpOnly); other tabs watch it. */
export const SESSION_KEY = 'vigil.session';

export interface Session {
  /** `checking`: asking Vigil who this browser is (page load, another tab signing in or out). */
  status: 'checking' | 'signed-in' | 'signed-out';
  /** The API token, when signed in with one; null for a password (cookie) session. */
  token: string | null;
  /** Sent as `X-CSRF-Token` on unsafe requests of a cookie session. */
  csrfToken: string | null;
  user: UserDto | null;
  principal: Principal | null;
  scopes: string[];
  /** What this principal may do; null while signed out. */
  role: Role | null;
  /** The name written into alert timelines for this user's actions. */
  actor: string;
  /** Why the user was signed out, shown on the sign-in form. */
  notice: string | null;
  /** Bumped at each sign-in, so a late reply to an earlier session cannot sign out the current one. */
  generation: number;
}

const signedOut = (actor: string, notice: string | null, generation: number): Session => ({
  status: 'signed-out',
  token: null,
  csrfToken: null,
  user: null,
  principal: null,
  scopes: [],
  role: null,
  actor,
  notice,
  generation,
});

let current: Session = { ...signedOut(read(ACTOR_KEY) ?? '', null, 0), status: 'checking' };
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
  /** The API token this browser signed in with last, if any. */
  storedToken: (): string | null => read(TOKEN_KEY),
  checking(): void {
    set({ ...current, status: 'checking' });
  },
  /**
   * Signed in as `me`: with an API token (`token`, kept in the browser) or with a password (the httpOnly cookie,
   * `token` null). `actor` names the person in alert timelines.
   */
  signedIn(me: MeDto, token: string | null, actor: string): void {
    write(TOKEN_KEY, token);
    write(ACTOR_KEY, actor);
    write(SESSION_KEY, token ? null : (me.user?.id ?? 'session'));
    set({
      status: 'signed-in',
      token,
      csrfToken: me.csrfToken,
      user: me.user,
      principal: me.principal,
      scopes: me.scopes,
      role: effectiveRole(me),
      actor,
      notice: null,
      generation: current.generation + 1,
    });
  },
  signOut(notice: string | null = null): void {
    write(TOKEN_KEY, null);
    write(SESSION_KEY, null);
    set(signedOut(current.actor, notice, current.generation + 1));
  },
  /** The server no longer accepts this browser's credentials. */
  expire(): void {
    session.signOut(current.token ? 'The API token was not accepted. Sign in again.' : 'Your session has ended. Sign in again.');
  },
};

export const useSession = (): Session => useSyncExternalStore(session.subscribe, session.get);
