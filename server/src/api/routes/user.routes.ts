import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { removesLastAdmin, type PasswordHasher } from '../../auth/index.js';
import { UserCreate, UserUpdate, type UserDto, type UserListDto } from '../../contracts/index.js';
import { conflict, notFound } from '../../domain/index.js';
import type { UserChanges, UserRecord } from '../../store/ports.js';
import { userToDto } from '../access-dto.js';
import { principalOf } from '../auth.js';
import { recordAudit } from '../../audit/audit-service.js';
import type { ApiDeps } from '../deps.js';
import { parseInput } from '../validation.js';

const UserParams = z.object({ id: z.uuid('not a user id') });

const LAST_ADMIN = 'Vigil needs at least one enabled admin: make another admin first';

/** `/api/users` (admin): people, their roles and their cameras. Sessions end when a password or access changes. */
export function registerUserRoutes(api: FastifyInstance, deps: ApiDeps, options: { hasher: PasswordHasher; disconnectUser: (userId: string) => void }): void {
  const { store } = deps;
  const admin = { config: { access: 'admin' as const } };
  const existing = async (id: string): Promise<UserRecord> => {
    const user = await store.users.get(id);
    if (!user) throw notFound('user', id);
    return user;
  };
  const audit = (actor: string, action: string, user: UserRecord, details: Record<string, unknown> = {}) =>
    recordAudit(deps.audit, { actor, action, targetType: 'user', targetId: user.id, details: { username: user.username, ...details } }, deps.logger);

  api.get('/users', admin, async (): Promise<UserListDto> => ({ items: (await store.users.list()).map(userToDto) }));

  api.post('/users', admin, async (request, reply) => {
    const input = parseInput(UserCreate, request.body ?? {}, 'body');
    const user = await store.users.insert({
      username: input.username,
      displayName: input.displayName,
      passwordHash: await options.hasher.hash(input.password),
      role: input.role,
      cameras: input.cameras,
    });
    await audit(principalOf(request).auditActor, 'user.create', user, { role: user.role, cameras: user.cameras });
    return reply.code(201).header('Location', `/api/users/${user.id}`).send(userToDto(user));
  });

  api.put('/users/:id', admin, async (request): Promise<UserDto> => {
    const { id } = parseInput(UserParams, request.params, 'params');
    const input = parseInput(UserUpdate, request.body ?? {}, 'body');
    const before = await existing(id);
    const after = { role: input.role ?? before.role, disabled: input.disabled ?? before.disabledAt !== null };
    if (removesLastAdmin({ role: before.role, disabled: before.disabledAt !== null }, after, await store.users.countEnabledAdmins())) throw conflict(LAST_ADMIN);
    const changes: UserChanges = {};
    if (input.displayName !== undefined) changes.displayName = input.displayName;
    if (input.role !== undefined) changes.role = input.role;
    if (input.cameras !== undefined) changes.cameras = input.cameras;
    if (input.password !== undefined) changes.passwordHash = await options.hasher.hash(input.password);
    if (input.disabled !== undefined) changes.disabledAt = input.disabled ? (before.disabledAt ?? Date.now()) : null;
    const user = await store.users.update(id, changes);
    // A new password or a disabled account ends the sessions in use; live connections re-check what is visible.
    if (input.password !== undefined || input.disabled === true) await store.sessions.removeForUser(id);
    options.disconnectUser(id);
    const changed = Object.keys(input).filter((key) => key !== 'password');
    await audit(principalOf(request).auditActor, 'user.update', user, {
      changed: input.password !== undefined ? [...changed, 'password'] : changed,
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.cameras !== undefined ? { cameras: input.cameras } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
    });
    return userToDto(user);
  });

  api.delete('/users/:id', admin, async (request, reply) => {
    const { id } = parseInput(UserParams, request.params, 'params');
    const before = await existing(id);
    if (removesLastAdmin({ role: before.role, disabled: before.disabledAt !== null }, null, await store.users.countEnabledAdmins())) throw conflict(LAST_ADMIN);
    if (!(await store.users.remove(id))) throw notFound('user', id);
    options.disconnectUser(id);
    await audit(principalOf(request).auditActor, 'user.delete', before);
    return reply.code(204).send();
  });
}
