/** Roles of people and scopes of API tokens, each level containing the one below: read ⊂ operate ⊂ admin. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const SCOPES = ['read', 'operate', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

const RANK: Record<Scope, number> = { read: 0, operate: 1, admin: 2 };

/** What each role may do, as the scope it equals. */
export const ROLE_SCOPE: Record<Role, Scope> = { viewer: 'read', operator: 'operate', admin: 'admin' };
/** The role a scope needs, for messages ("needs the operator role"). */
export const SCOPE_ROLE: Record<Scope, Role> = { read: 'viewer', operate: 'operator', admin: 'admin' };

export const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

/** Whether holding `have` allows what needs `need`. */
export const allows = (have: Scope, need: Scope): boolean => RANK[have] >= RANK[need];

/** Every scope up to `level`: what `/api/auth/me` lists. */
export const scopesUpTo = (level: Scope): Scope[] => SCOPES.filter((scope) => RANK[scope] <= RANK[level]);

/**
 * What a token may do: its highest scope, never more than its user's role; null when it names no known scope.
 * A user demoted after making a token is capped at the new role.
 */
export function tokenAccess(role: Role, scopes: readonly string[]): Scope | null {
  const known = scopes.filter(isScope);
  if (known.length === 0) return null;
  const highest = known.reduce((best, scope) => (RANK[scope] > RANK[best] ? scope : best));
  return RANK[highest] <= RANK[ROLE_SCOPE[role]] ? highest : ROLE_SCOPE[role];
}

/** Scopes a user of `level` may not hand out to a token. */
export const scopesAbove = (level: Scope, scopes: readonly Scope[]): Scope[] => scopes.filter((scope) => RANK[scope] > RANK[level]);

/** The cameras a principal may see; null: all. */
export interface CameraView {
  cameras: readonly string[] | null;
}

/** The cameras a user sees: admins see every camera; others their list (null: all). */
export const camerasOfUser = (role: Role, cameras: readonly string[] | null): readonly string[] | null => (role === 'admin' ? null : cameras);

export const canSeeCamera = (view: CameraView, cameraId: string): boolean => view.cameras === null || view.cameras.includes(cameraId);

/**
 * The camera filter of an alert query for a principal: the requested cameras it may see, all its cameras when none
 * were requested, undefined when nothing needs filtering, and [] when nothing it asked for is visible.
 */
export function visibleCameraFilter(view: CameraView, requested: readonly string[] | undefined): string[] | undefined {
  if (view.cameras === null) return requested ? [...requested] : undefined;
  if (!requested) return [...view.cameras];
  return requested.filter((id) => view.cameras!.includes(id));
}
