import type { ApiTokenDto, Role, Scope } from '../api/contracts.js';

export const SCOPES: readonly Scope[] = ['read', 'operate', 'admin'];

const SCOPE_RANK: Record<Scope, number> = { read: 0, operate: 1, admin: 2 };
const ROLE_TOP_SCOPE: Record<Role, Scope> = { viewer: 'read', operator: 'operate', admin: 'admin' };

export const SCOPE_LABEL: Record<Scope, string> = {
  read: 'Read: alerts, cameras, evidence',
  operate: 'Operate: also respond to alerts, hold and export evidence',
  admin: 'Admin: everything the account may do',
};

/** The scope levels a token of someone with `role` may carry (never more than the role). */
export const scopeChoices = (role: Role): Scope[] => SCOPES.filter((scope) => SCOPE_RANK[scope] <= SCOPE_RANK[ROLE_TOP_SCOPE[role]]);

/** Scopes nest (read ⊂ operate ⊂ admin): a token at `level` carries it and every scope below it. */
export const scopesUpTo = (level: Scope): Scope[] => SCOPES.filter((scope) => SCOPE_RANK[scope] <= SCOPE_RANK[level]);

/** The highest scope in `scopes`, for showing a token's reach in one word. */
export function topScope(scopes: readonly Scope[]): Scope | null {
  let top: Scope | null = null;
  for (const scope of scopes) if (SCOPE_RANK[scope] !== undefined && (top === null || SCOPE_RANK[scope] > SCOPE_RANK[top])) top = scope;
  return top;
}

export type ExpiryChoice = 'never' | '1d' | '7d' | '30d' | '90d' | '365d';

export const EXPIRY_CHOICES: readonly { value: ExpiryChoice; label: string }[] = [
  { value: 'never', label: 'Never' },
  { value: '1d', label: 'In 1 day' },
  { value: '7d', label: 'In 7 days' },
  { value: '30d', label: 'In 30 days' },
  { value: '90d', label: 'In 90 days' },
  { value: '365d', label: 'In 1 year' },
];

const DAY_MS = 86_400_000;

/** The ISO expiry for a choice made at `now`; undefined for a token that does not expire. */
export function expiresAtFor(choice: ExpiryChoice, now: number): string | undefined {
  if (choice === 'never') return undefined;
  return new Date(now + Number.parseInt(choice, 10) * DAY_MS).toISOString();
}

export type TokenState = 'active' | 'expired' | 'revoked';

export function tokenState(token: Pick<ApiTokenDto, 'expiresAt' | 'revokedAt'>, now: number): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}
