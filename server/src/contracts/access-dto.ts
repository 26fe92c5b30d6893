import { z } from 'zod';
import { Id } from './common.js';

export const USER_ROLES = ['viewer', 'operator', 'admin'] as const;
export const TOKEN_SCOPES = ['read', 'operate', 'admin'] as const;
export type UserRoleDto = (typeof USER_ROLES)[number];
export type TokenScopeDto = (typeof TOKEN_SCOPES)[number];

/** A person who signs in. Never carries a password hash. */
export interface UserDto {
  id: string;
  username: string;
  displayName: string;
  role: UserRoleDto;
  /** Camera ids the user may see; null: all. */
  cameras: string[] | null;
  disabled: boolean;
  createdAt: string;
}

export interface UserListDto {
  items: UserDto[];
}

export interface ApiTokenDto {
  id: string;
  name: string;
  userId: string;
  username: string;
  scopes: TokenScopeDto[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiTokenListDto {
  items: ApiTokenDto[];
}

/** `POST /api/tokens`: the secret is shown this once. */
export interface ApiTokenCreatedDto {
  token: ApiTokenDto;
  secret: string;
}

/** `POST /api/auth/login` and `POST /api/auth/setup`; the session cookie comes with it. */
export interface SignedInDto {
  user: UserDto;
  csrfToken: string;
}

/** `GET /api/auth/me`. */
export interface MeDto {
  user: UserDto | null;
  principal: 'root' | 'session' | 'token' | 'proxy';
  scopes: TokenScopeDto[];
  /** Send as `X-CSRF-Token` on POST/PUT/PATCH/DELETE when signed in with the session cookie. */
  csrfToken: string | null;
}

export interface SetupStatusDto {
  needed: boolean;
}

export const MIN_PASSWORD_LENGTH = 10;

/** Lower-case letters, digits and `. _ @ -`; given in any case, kept lower-case. */
export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{0,63}$/, 'must be 1–64 letters, digits, . _ @ or -, starting with a letter or digit');
export const Password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1000, 'must be at most 1000 characters');
const DisplayName = z.string().trim().min(1).max(200);
const CameraList = z.array(Id).max(1000).nullable();

export const LoginBody = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(200),
  password: z.string().min(1).max(1000),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const SetupBody = z.strictObject({
  code: z.string().trim().min(1).max(100),
  username: Username,
  password: Password,
  displayName: DisplayName.optional(),
});
export type SetupBody = z.infer<typeof SetupBody>;

export const UserCreate = z.strictObject({
  username: Username,
  displayName: DisplayName,
  password: Password,
  role: z.enum(USER_ROLES),
  cameras: CameraList,
});
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = z.strictObject({
  displayName: DisplayName.optional(),
  password: Password.optional(),
  role: z.enum(USER_ROLES).optional(),
  cameras: CameraList.optional(),
  disabled: z.boolean().optional(),
});
export type UserUpdate = z.infer<typeof UserUpdate>;

export const TokenCreate = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z
    .array(z.enum(TOKEN_SCOPES))
    .min(1, 'must name at least one scope')
    .transform((scopes) => [...new Set(scopes)]),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type TokenCreate = z.infer<typeof TokenCreate>;
