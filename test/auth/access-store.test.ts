import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/src/store/ports.js';
import { freshStore, storeTargets, type StoreTarget } from '../store/store-targets.js';

const newUser = (username: string, role: 'viewer' | 'operator' | 'admin' = 'viewer', cameras: string[] | null = null) => ({
  username,
  displayName: username.toUpperCase(),
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
  role,
  cameras,
});

describe.each(storeTargets)('users, sessions and API tokens on $name', (target: StoreTarget) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await freshStore(target));
  });
  afterAll(() => dispose());

  it('creates the first admin once only', async () => {
    const first = await store.users.insertFirst(newUser('root-admin', 'admin'));
    expect(first).toMatchObject({ username: 'root-admin', role: 'admin', cameras: null, disabledAt: null });
    expect(await store.users.insertFirst(newUser('second', 'admin'))).toBeNull();
    expect(await store.users.count()).toBe(1);
  });

  it('keeps users with their cameras, refuses a taken username, counts enabled admins', async () => {
    const viewer = await store.users.insert(newUser('viewer-a', 'viewer', ['dock-1']));
    expect(await store.users.byUsername('viewer-a')).toEqual(viewer);
    expect(viewer.cameras).toEqual(['dock-1']);
    await expect(store.users.insert(newUser('viewer-a'))).rejects.toMatchObject({ code: 'conflict' });
    const admin = await store.users.insert(newUser('admin-b', 'admin'));
    expect(await store.users.countEnabledAdmins()).toBe(2);
    const disabled = await store.users.update(admin.id, { disabledAt: 1_700_000_000_000, cameras: ['x'] });
    expect(disabled).toMatchObject({ disabledAt: 1_700_000_000_000, cameras: ['x'] });
    expect(await store.users.countEnabledAdmins()).toBe(1);
    await expect(store.users.update('00000000-0000-4000-8000-000000000000', { role: 'admin' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await store.users.get('not-a-uuid')).toBeNull();
  });

  it('finds sessions with their user, refreshes, expires and removes them', async () => {
    const user = await store.users.insert(newUser('session-user', 'operator'));
    const session = { idSha256: 'a'.repeat(64), userId: user.id, csrfSha256: 'b'.repeat(64), createdAt: 1000, lastSeenAt: 1000, expiresAt: 5000, ip: '127.0.0.1', userAgent: 'test' };
    await store.sessions.create(session);
    expect(await store.sessions.find(session.idSha256)).toEqual({ session, user });
    await store.sessions.touch(session.idSha256, 2000, 9000);
    expect((await store.sessions.find(session.idSha256))?.session).toMatchObject({ lastSeenAt: 2000, expiresAt: 9000 });
    await store.sessions.create({ ...session, idSha256: 'c'.repeat(64), expiresAt: 1500 });
    expect(await store.sessions.removeExpired(3000)).toBe(1);
    expect(await store.sessions.removeForUser(user.id)).toBe(1);
    expect(await store.sessions.find(session.idSha256)).toBeNull();
  });

  it('keeps API tokens by digest, lists them with their username, revokes once, and drops them with their user', async () => {
    const user = await store.users.insert(newUser('token-user', 'operator'));
    const token = await store.apiTokens.create({ userId: user.id, name: 'ci', tokenSha256: 'd'.repeat(64), scopes: ['read'], expiresAt: null, createdAt: 1000 });
    expect(token).toMatchObject({ name: 'ci', username: 'token-user', scopes: ['read'], expiresAt: null, lastUsedAt: null, revokedAt: null });
    expect(await store.apiTokens.findByHash('d'.repeat(64))).toEqual({ token, user });
    await store.apiTokens.markUsed(token.id, 4000);
    expect((await store.apiTokens.get(token.id))?.lastUsedAt).toBe(4000);
    expect((await store.apiTokens.list(user.id)).map((t) => t.id)).toEqual([token.id]);
    expect((await store.apiTokens.revoke(token.id, 5000))?.revokedAt).toBe(5000);
    expect((await store.apiTokens.revoke(token.id, 6000))?.revokedAt).toBe(5000);
    expect(await store.users.remove(user.id)).toBe(true);
    expect(await store.apiTokens.get(token.id)).toBeNull();
  });
});
