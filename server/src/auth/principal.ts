import type { ApiTokenRecord, UserRecord } from '../store/ports.js';
import { camerasOfUser, ROLE_SCOPE, scopesUpTo, type Role, type Scope } from './permissions.js';

/** Who a request acts as, and what it may do and see. */
export interface Principal {
  kind: 'root' | 'session' | 'token' | 'proxy';
  /** null for the root API token. */
  user: UserRecord | null;
  /** The most it may do (a token: its scopes, capped by its user's role). */
  access: Scope;
  /** Cameras it may see; null: all. */
  cameras: readonly string[] | null;
  /** Who the audit log names: `root`, `user:<username>` or `token:<name>`. */
  auditActor: string;
  /** The session's digest (kind 'session'). */
  sessionIdSha256?: string;
  /** The token used (kind 'token'). */
  token?: ApiTokenRecord;
}

export const ROOT_PRINCIPAL: Principal = { kind: 'root', user: null, access: 'admin', cameras: null, auditActor: 'root' };

export const userActor = (user: Pick<UserRecord, 'username'>): string => `user:${user.username}`;

export function userPrincipal(kind: 'session' | 'proxy', user: UserRecord, sessionIdSha256?: string): Principal {
  return {
    kind,
    user,
    access: ROLE_SCOPE[user.role as Role],
    cameras: camerasOfUser(user.role, user.cameras),
    auditActor: userActor(user),
    ...(sessionIdSha256 ? { sessionIdSha256 } : {}),
  };
}

export function tokenPrincipal(user: UserRecord, token: ApiTokenRecord, access: Scope): Principal {
  return { kind: 'token', user, access, cameras: camerasOfUser(user.role, user.cameras), auditActor: `token:${token.name}`, token };
}

/** The scopes `/api/auth/me` shows. */
export const principalScopes = (principal: Principal): Scope[] => scopesUpTo(principal.access);

/** Who an alert's timeline names for an action by this principal; the root token may name someone itself. */
export const alertActor = (principal: Principal, claimed: string | undefined): string =>
  principal.user ? userActor(principal.user) : (claimed ?? 'api');
