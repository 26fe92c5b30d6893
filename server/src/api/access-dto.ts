import { toIso, toIsoOrNull, type ApiTokenDto, type TokenScopeDto, type UserDto } from '../contracts/index.js';
import type { ApiTokenRecord, UserRecord } from '../store/ports.js';

export const userToDto = (user: UserRecord): UserDto => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
  role: user.role,
  cameras: user.cameras,
  disabled: user.disabledAt !== null,
  createdAt: toIso(user.createdAt),
});

export const apiTokenToDto = (token: ApiTokenRecord): ApiTokenDto => ({
  id: token.id,
  name: token.name,
  userId: token.userId,
  username: token.username,
  scopes: token.scopes as TokenScopeDto[],
  createdAt: toIso(token.createdAt),
  expiresAt: toIsoOrNull(token.expiresAt),
  lastUsedAt: toIsoOrNull(token.lastUsedAt),
  revokedAt: toIsoOrNull(token.revokedAt),
});
