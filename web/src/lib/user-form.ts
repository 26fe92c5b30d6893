import type { FieldErrorDto, Role, UserCreate, UserDto, UserUpdate } from '../api/contracts.js';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_USERNAME_LENGTH = 64;
export const MAX_PASSWORD_LENGTH = 1000;
/** As the server has it: starts with a letter or digit; then also dot, underscore, at sign and hyphen. */
const USERNAME = /^[a-z0-9][a-z0-9._@-]*$/;

export interface UserFormValues {
  username: string;
  displayName: string;
  /** Create: the password. Edit: a new password, or empty to keep the current one. */
  password: string;
  role: Role;
  allCameras: boolean;
  cameras: string[];
  disabled: boolean;
}

export type UserField = 'username' | 'displayName' | 'password' | 'role' | 'cameras';
export type UserFormErrors = Partial<Record<UserField, string>>;

/** The server keeps usernames trimmed and lower-case, whatever case they were typed in. */
export const normalUsername = (username: string): string => username.trim().toLowerCase();

export function usernameProblem(username: string): string | null {
  if (!username) return 'Enter a username.';
  if (username.length > MAX_USERNAME_LENGTH) return `At most ${MAX_USERNAME_LENGTH} characters.`;
  if (!USERNAME.test(username)) return 'Lower-case letters and digits, then also . _ @ - (starting with a letter or digit).';
  return null;
}

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `At least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `At most ${MAX_PASSWORD_LENGTH} characters.`;
  return null;
}

/** The same rules the server applies, so most mistakes show before anything is sent. */
export function validateUserForm(values: UserFormValues, mode: 'create' | 'edit'): UserFormErrors {
  const errors: UserFormErrors = {};
  if (mode === 'create') {
    const username = usernameProblem(normalUsername(values.username));
    if (username) errors.username = username;
  }
  if (values.displayName.trim().length > 200) errors.displayName = 'At most 200 characters.';
  if (mode === 'create' || values.password.length > 0) {
    const password = passwordProblem(values.password);
    if (password) errors.password = password;
  }
  if (!values.allCameras && values.cameras.length === 0) errors.cameras = 'Choose at least one camera, or all cameras.';
  return errors;
}

export const hasErrors = (errors: UserFormErrors): boolean => Object.keys(errors).length > 0;

export const emptyUserForm = (): UserFormValues => ({
  username: '',
  displayName: '',
  password: '',
  role: 'viewer',
  allCameras: true,
  cameras: [],
  disabled: false,
});

export const userFormFrom = (user: UserDto): UserFormValues => ({
  username: user.username,
  displayName: user.displayName,
  password: '',
  role: user.role,
  allCameras: user.cameras === null,
  cameras: user.cameras ?? [],
  disabled: user.disabled,
});

const camerasOf = (values: UserFormValues): string[] | null => (values.allCameras ? null : [...values.cameras].sort());

export function createBody(values: UserFormValues): UserCreate {
  const username = normalUsername(values.username);
  return { username, displayName: values.displayName.trim() || username, password: values.password, role: values.role, cameras: camerasOf(values) };
}

/** Only what changed, so an edit never re-sends (or re-checks) what the admin left alone. */
export function updateBody(values: UserFormValues, original: UserDto): UserUpdate {
  const body: UserUpdate = {};
  const displayName = values.displayName.trim() || original.username;
  if (displayName !== original.displayName) body.displayName = displayName;
  if (values.role !== original.role) body.role = values.role;
  const cameras = camerasOf(values);
  const before = original.cameras === null ? null : [...original.cameras].sort();
  if (JSON.stringify(cameras) !== JSON.stringify(before)) body.cameras = cameras;
  if (values.password) body.password = values.password;
  if (values.disabled !== original.disabled) body.disabled = values.disabled;
  return body;
}

/** The server's `error.fields` sorted onto the form's fields (paths like `username` or `body.cameras.0`). */
export function userFieldErrors(fields: readonly FieldErrorDto[]): { byField: UserFormErrors; general: string[] } {
  const byField: UserFormErrors = {};
  const general: string[] = [];
  for (const field of fields) {
    const name = /^(?:body\.)?(username|displayName|password|role|cameras)(?:\.|$)/.exec(field.path)?.[1] as UserField | undefined;
    if (name) byField[name] = byField[name] ? `${byField[name]} ${field.message}` : field.message;
    else general.push(field.path ? `${field.path}: ${field.message}` : field.message);
  }
  return { byField, general };
}

/** "All cameras" or the chosen ones, for the users list. */
export function cameraAccessText(cameras: readonly string[] | null): string {
  if (cameras === null) return 'All cameras';
  if (cameras.length === 0) return 'No cameras';
  return cameras.join(', ');
}
