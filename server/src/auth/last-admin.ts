import type { Role } from './permissions.js';

export interface AdminState {
  role: Role;
  disabled: boolean;
}

/**
 * Whether changing `before` into `after` (null: deleting the user) would leave no enabled admin, given how many
 * enabled admins there are now. Someone must always be able to manage users.
 */
export function removesLastAdmin(before: AdminState, after: AdminState | null, enabledAdmins: number): boolean {
  const wasAdmin = before.role === 'admin' && !before.disabled;
  const staysAdmin = after !== null && after.role === 'admin' && !after.disabled;
  return wasAdmin && !staysAdmin && enabledAdmins <= 1;
}
