import type { MeDto, SetupStatusDto, SignedInDto } from './contracts.js';
import { api, ApiError, request } from './http.adapter.js';
import { SESSION_KEY, session, TOKEN_KEY } from './session.js';

/** Vigil before accounts existed answers 404 here: its only credential is the root API token. */
const ROOT_ONLY: MeDto = { user: null, principal: 'root', scopes: ['read', 'operate', 'admin'], csrfToken: null };

const actorOf = (me: MeDto, fallback: string): string => me.user?.displayName || me.user?.username || fallback;

/** Who `token` (or, without one, this browser's session cookie) signs in as; null when nobody. */
async function whoAmI(token: string | null): Promise<MeDto | null> {
  try {
    const me = await request<MeDto>('GET', '/api/auth/me', undefined, token ? { token } : 'anonymous');
    return me.user || me.principal === 'root' ? me : null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    if (error instanceof ApiError && error.status === 404 && token) return (await api.tokenAccepted(token)) ? ROOT_ONLY : null;
    throw error;
  }
}

/**
 * On page load (and when another tab signs in or out): a stored API token, else the session cookie, else
 * signed out. A token that Vigil cannot be asked about yet is kept (the live connection retries).
 */
export async function restoreSession(): Promise<void> {
  const token = session.storedToken();
  session.checking();
  try {
    const me = await whoAmI(token);
    if (me) session.signedIn(me, token, token ? session.get().actor : actorOf(me, session.get().actor));
    else session.signOut(token ? 'The API token was not accepted. Sign in again.' : null);
  } catch (error) {
    if (token) session.signedIn(ROOT_ONLY, token, session.get().actor);
    else session.signOut(error instanceof Error ? error.message : null);
  }
}

/** Signs in with an API token; false when Vigil does not accept it. */
export async function signInWithToken(token: string, actor: string): Promise<boolean> {
  const me = await whoAmI(token);
  if (!me) return false;
  session.signedIn(me, token, actor);
  return true;
}

const fromSignedIn = (reply: SignedInDto): MeDto => ({ user: reply.user, principal: 'session', scopes: [], csrfToken: reply.csrfToken });

export async function signInWithPassword(username: string, password: string): Promise<void> {
  const reply = await request<SignedInDto>('POST', '/api/auth/login', { username, password }, 'anonymous');
  session.signedIn(fromSignedIn(reply), null, actorOf(fromSignedIn(reply), username));
}

/** Whether Vigil waits for its first admin; false from a Vigil without accounts. */
export async function setupNeeded(): Promise<boolean> {
  try {
    return (await request<SetupStatusDto>('GET', '/api/auth/setup', undefined, 'anonymous')).needed;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false;
    throw error;
  }
}

export async function createFirstAdmin(input: { code: string; username: string; password: string; displayName?: string }): Promise<void> {
  const reply = await request<SignedInDto>('POST', '/api/auth/setup', input, 'anonymous');
  session.signedIn(fromSignedIn(reply), null, actorOf(fromSignedIn(reply), input.username));
}

/** Ends the cookie session on the server too; an API token only leaves this browser. */
export async function signOut(): Promise<void> {
  if (!session.get().token && session.get().csrfToken) {
    try {
      await request<void>('POST', '/api/auth/logout', {});
    } catch {
      // Signed out here all the same; the server's session ends by itself.
    }
  }
  session.signOut();
}

// Another tab signing in or out changes this one too.
window.addEventListener('storage', (event) => {
  if (event.key === TOKEN_KEY || event.key === SESSION_KEY) void restoreSession();
});
