import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argon2Hasher, prepareFirstAdmin, trustedProxy, type SetupGate } from '../../server/src/auth/index.js';
import { createStore } from '../../server/src/store/create-store.js';
import type { UserRepository } from '../../server/src/store/ports.js';
import { PASSWORD, startAuthApp, type AuthApp } from './auth-harness.js';

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('first admin from the environment', () => {
  it('creates the admin named by VIGIL_ADMIN_USERNAME when no user exists, and never again', async () => {
    const store = await createStore({ dataDir: '/nonexistent', inMemory: true });
    const announced: string[] = [];
    try {
      const gate = await prepareFirstAdmin({ users: store.users, hasher: argon2Hasher, adminUsername: 'Chief', adminPassword: PASSWORD, announce: (text) => announced.push(text) });
      expect(await gate.needed()).toBe(false);
      expect(announced).toEqual([]);
      const chief = await store.users.byUsername('chief');
      expect(chief).toMatchObject({ role: 'admin', cameras: null, disabledAt: null });
      expect(chief?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await argon2Hasher.verify(chief!.passwordHash!, PASSWORD)).toBe(true);

      await prepareFirstAdmin({ users: store.users, hasher: argon2Hasher, adminUsername: 'other', adminPassword: PASSWORD });
      expect(await store.users.count()).toBe(1);
      // No user yet: the environment's admin is checked before anything is written.
      const empty = { count: async () => 0 } as unknown as UserRepository;
      await expect(prepareFirstAdmin({ users: empty, hasher: argon2Hasher, adminUsername: 'x', adminPassword: 'short' })).rejects.toMatchObject({ code: 'invalid_config' });
      await expect(prepareFirstAdmin({ users: empty, hasher: argon2Hasher, adminPassword: PASSWORD })).rejects.toMatchObject({ code: 'invalid_config' });
    } finally {
      await store.close();
    }
  });
});

describe('first admin by setup code', () => {
  let t: AuthApp;
  let code = '';
  beforeAll(async () => {
    const store = await createStore({ dataDir: '/nonexistent', inMemory: true });
    const setup: SetupGate = await prepareFirstAdmin({
      users: store.users,
      hasher: argon2Hasher,
      announce: (text) => void (code = /Setup code[^:]*: (\S+)/.exec(text)?.[1] ?? ''),
    });
    t = await startAuthApp({ store, access: { setup } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is needed until used, refuses a wrong code, works once and signs the admin in', async () => {
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await (await t.request('/api/auth/setup', { token: null })).json()).toEqual({ needed: true });
    const body = { code, username: 'first', password: PASSWORD, displayName: 'First Admin' };
    const wrong = await t.request('/api/auth/setup', { ...json({ ...body, code: 'AAAA-BBBB-CCCC' }), token: null });
    expect(wrong.status).toBe(401);

    const done = await t.request('/api/auth/setup', { ...json(body), token: null });
    expect(done.status).toBe(200);
    expect(done.headers.get('set-cookie')).toMatch(/^vigil_session=/);
    expect((await done.json()).user).toMatchObject({ username: 'first', displayName: 'First Admin', role: 'admin' });
    expect(t.audit.entries).toContainEqual(expect.objectContaining({ action: 'auth.setup', actor: 'user:first' }));
    expect(JSON.stringify(t.audit.entries)).not.toContain(code);

    const again = await t.request('/api/auth/setup', { ...json({ ...body, username: 'second' }), token: null });
    expect(again.status).toBe(409);
    expect(await (await t.request('/api/auth/setup', { token: null })).json()).toEqual({ needed: false });
    expect((await t.signIn('first')).user.role).toBe('admin');
  });
});

describe('trusted auth proxy', () => {
  it('takes the user header from a trusted address', async () => {
    const t = await startAuthApp({ access: { proxy: trustedProxy({ header: 'X-Forwarded-User', trustedAddresses: ['127.0.0.1'] }) } });
    try {
      await t.createUser('pat', 'operator');
      const me = await t.request('/api/auth/me', { token: null, headers: { 'x-forwarded-user': 'pat' } });
      expect(me.status).toBe(200);
      const body = await me.json();
      expect(body).toMatchObject({ principal: 'proxy', user: { username: 'pat' }, scopes: ['read', 'operate'] });
      // Changes need the CSRF token /me gave, like a session's.
      const made = (headers: Record<string, string>) =>
        t.request('/api/tokens', { ...json({ name: 'p', scopes: ['read'] }), token: null, headers: { 'content-type': 'application/json', 'x-forwarded-user': 'pat', ...headers } });
      expect((await made({})).status).toBe(403);
      expect((await made({ 'x-csrf-token': body.csrfToken })).status).toBe(201);
      expect((await t.request('/api/auth/me', { token: null, headers: { 'x-forwarded-user': 'nobody' } })).status).toBe(401);
      expect((await t.request('/api/auth/me', { token: null })).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('ignores the header from any other address', async () => {
    const t = await startAuthApp({ access: { proxy: trustedProxy({ header: 'X-Forwarded-User', trustedAddresses: ['10.20.30.40'] }) } });
    try {
      await t.createUser('pat', 'admin');
      const me = await t.request('/api/auth/me', { token: null, headers: { 'x-forwarded-user': 'pat' } });
      expect(me.status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
