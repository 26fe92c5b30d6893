import type { Store, UserRecord } from '../store/ports.js';
import { csrfTokenOf } from './csrf.js';
import { tokenAccess } from './permissions.js';
import { ROOT_PRINCIPAL, tokenPrincipal, userPrincipal, type Principal } from './principal.js';
import { sessionExpiry } from './session-cookie.js';
import { matchesDigest, sha256Hex } from './secrets.js';
import type { TrustedProxy } from './trusted-proxy.js';

/** What a request or socket handshake presents. */
export interface Credentials {
  /** `Authorization: Bearer` (or `?token=` where a route takes it). */
  bearer: string | null;
  /** The `vigil_session` cookie's value. */
  sessionId: string | null;
  /** The peer's address, for the trusted proxy. */
  remoteAddress: string | undefined;
  /** Request headers (lower-case names), for the trusted proxy's header. */
  headers: Record<string, string | string[] | undefined>;
}

export type Resolution =
  | { ok: true; principal: Principal; csrfSha256?: string }
  | { ok: false; reason: 'none' | 'invalid'; message: string };

export interface PrincipalResolverOptions {
  apiToken: string;
  store: Pick<Store, 'users' | 'sessions' | 'apiTokens'>;
  proxy: TrustedProxy | null;
  now?: () => number;
}

/** Refresh a session's or token's last use at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

const enabled = (user: UserRecord): boolean => user.disabledAt === null;

/**
 * Who is asking, in the contract's order: a bearer token (the root token, then stored tokens), the session cookie,
 * then the trusted proxy's header. A bearer token that is presented and wrong is refused outright.
 */
export class PrincipalResolver {
  readonly #now: () => number;
  readonly #rootSha256: string;

  constructor(private readonly options: PrincipalResolverOptions) {
    this.#now = options.now ?? Date.now;
    this.#rootSha256 = sha256Hex(options.apiToken);
  }

  async resolve(credentials: Credentials): Promise<Resolution> {
    if (credentials.bearer) return this.#bearer(credentials.bearer);
    if (credentials.sessionId) {
      const session = await this.#session(credentials.sessionId);
      if (session) return session;
    }
    const proxied = await this.#proxy(credentials);
    if (proxied) return proxied;
    return { ok: false, reason: 'none', message: 'missing credentials: sign in, or send Authorization: Bearer <token>' };
  }

  async #bearer(presented: string): Promise<Resolution> {
    if (matchesDigest(presented, this.#rootSha256)) return { ok: true, principal: ROOT_PRINCIPAL };
    const found = await this.options.store.apiTokens.findByHash(sha256Hex(presented));
    const now = this.#now();
    const refused: Resolution = { ok: false, reason: 'invalid', message: 'invalid API token' };
    if (!found || found.token.revokedAt !== null || !enabled(found.user)) return refused;
    if (found.token.expiresAt !== null && found.token.expiresAt <= now) return { ok: false, reason: 'invalid', message: 'the API token has expired' };
    const access = tokenAccess(found.user.role, found.token.scopes);
    if (!access) return refused;
    if (found.token.lastUsedAt === null || now - found.token.lastUsedAt > TOUCH_EVERY_MS) await this.options.store.apiTokens.markUsed(found.token.id, now);
    return { ok: true, principal: tokenPrincipal(found.user, found.token, access) };
  }

  async #session(sessionId: string): Promise<Resolution | null> {
    const idSha256 = sha256Hex(sessionId);
    const found = await this.options.store.sessions.find(idSha256);
    const now = this.#now();
    if (!found || found.session.expiresAt <= now || !enabled(found.user)) return null;
    if (now - found.session.lastSeenAt > TOUCH_EVERY_MS) {
      await this.options.store.sessions.touch(idSha256, now, sessionExpiry(found.session.createdAt, now));
    }
    return { ok: true, principal: userPrincipal('session', found.user, idSha256), csrfSha256: found.session.csrfSha256 };
  }

  /**
   * The CSRF token a browser principal sends on unsafe requests: a session's, or, behind the auth proxy (which a
   * cross-site form would pass through as well), one bound to the user and this server's root token. Null for tokens.
   */
  csrfToken(principal: Principal, sessionId: string | null): string | null {
    if (principal.kind === 'session' && sessionId) return csrfTokenOf(sessionId);
    if (principal.kind === 'proxy' && principal.user) return csrfTokenOf(`proxy:${this.#rootSha256}:${principal.user.id}`);
    return null;
  }

  async #proxy(credentials: Credentials): Promise<Resolution | null> {
    const proxy = this.options.proxy;
    if (!proxy || !proxy.trusts(credentials.remoteAddress)) return null;
    const raw = credentials.headers[proxy.header];
    const username = (Array.isArray(raw) ? raw[0] : raw)?.trim().toLowerCase();
    if (!username) return null;
    const user = await this.options.store.users.byUsername(username);
    if (!user || !enabled(user)) return { ok: false, reason: 'invalid', message: `the auth proxy named ${username}, who is not an enabled Vigil user` };
    const principal = userPrincipal('proxy', user);
    return { ok: true, principal, csrfSha256: sha256Hex(this.csrfToken(principal, null)!) };
  }
}
