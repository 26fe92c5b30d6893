import type { MeDto, Role, Scope } from '../api/contracts.js';

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
const SCOPE_ROLE: Record<Scope, Role> = { read: 'viewer', operate: 'operator', admin: 'admin' };

export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

export const ROLE_LABEL: Record<Role, string> = { viewer: 'Viewer', operator: 'Operator', admin: 'Admin' };

export const ROLE_DESCRIPTION: Record<Role, string> = {
  viewer: 'sees alerts, cameras and evidence',
  operator: 'also acknowledges and resolves alerts, holds and exports evidence',
  admin: 'also manages cameras, zones, users and every API token',
};

/** What the dashboard offers; the server checks each request on its own, this only hides what would be refused. */
export type Permission = 'respond' | 'editZones' | 'publishTokens' | 'manageUsers' | 'seeAllTokens';

const NEEDED: Record<Permission, Role> = {
  respond: 'operator',
  editZones: 'admin',
  publishTokens: 'admin',
  manageUsers: 'admin',
  seeAllTokens: 'admin',
};

export const atLeast = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed];

export const lowerRole = (a: Role, b: Role): Role => (RANK[a] <= RANK[b] ? a : b);

export const can = (role: Role | null, permission: Permission): boolean => role !== null && atLeast(role, NEEDED[permission]);

/** Every permission `role` has. */
export function allowedActions(role: Role | null): Permission[] {
  return (Object.keys(NEEDED) as Permission[]).filter((permission) => can(role, permission));
}

/** The role that the highest of `scopes` stands for; null when none is known. */
export function roleOfScopes(scopes: readonly string[]): Role | null {
  let best: Role | null = null;
  for (const scope of scopes) {
    const role = SCOPE_ROLE[scope as Scope] as Role | undefined;
    if (role && (best === null || RANK[role] > RANK[best])) best = role;
  }
  return best;
}

/**
 * What the signed-in principal may do: the root API token is an admin; a stored API token acts as its user within
 * its scopes; a session or proxy sign-in has its user's role. null: nobody is signed in.
 */
export function effectiveRole(me: Pick<MeDto, 'user' | 'principal' | 'scopes'>): Role | null {
  if (me.principal === 'root') return 'admin';
  if (!me.user || me.user.disabled) return null;
  if (me.principal !== 'token') return me.user.role;
  const scoped = roleOfScopes(me.scopes);
  return scoped === null ? null : lowerRole(me.user.role, scoped);
}
