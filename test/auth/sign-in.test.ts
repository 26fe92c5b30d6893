import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TOKEN } from '../api/test-app.js';
import { PASSWORD, startAuthApp, type AuthApp } from './auth-harness.js';

let t: AuthApp;
beforeAll(async () => {
  t = await startAuthApp();
  await t.createUser('maria', 'operator');
});
afterAll(async () => {
  await t?.close();
});

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.request('/api/auth/login', { method: 'POST', token: null, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) });

describe('sign-in with a password', () => {
  it('signs in with a strict, httpOnly session cookie and answers who is signed in', async () => {
    const res = await login('Maria', PASSWORD);
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^vigil_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const body = await res.json();
    expect(body.user).toMatchObject({ username: 'maria', role: 'operator', cameras: null, disabled: false });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const session = { cookie: setCookie.split(';')[0]!, csrfToken: body.csrfToken, user: body.user };
    const me = await t.asUser(session, '/api/auth/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ user: body.user, principal: 'session', scopes: ['read', 'operate'], csrfToken: body.csrfToken });
    expect(t.audit.entries).toContainEqual(expect.objectContaining({ action: 'auth.sign_in', actor: 'user:maria', targetId: body.user.id }));
  });

  it('refuses a wrong password or an unknown user alike, and audits the failure without the password', async () => {
    for (const [username, password] of [['maria', 'wrong password!'], ['nobody', PASSWORD]] as const) {
      const res = await login(username, password, { 'x-forwarded-for': '10.9.9.9' });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'wrong username or password' } });
    }
    const failures = t.audit.entries.filter((e) => e.action === 'auth.sign_in_failed');
    expect(failures.map((e) => e.actor)).toEqual(['user:maria', 'user:nobody']);
    expect(JSON.stringify(t.audit.entries)).not.toContain('wrong password!');
    expect(JSON.stringify(t.audit.entries)).not.toContain(PASSWORD);
  });

  it('signs out: the cookie is cleared and the session no longer works', async () => {
    const session = await t.signIn('maria');
    const out = await t.asUser(session, '/api/auth/logout', { method: 'POST' });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^vigil_session=; .*Max-Age=0/);
    expect((await t.asUser(session, '/api/auth/me')).status).toBe(401);
    expect(t.audit.entries.at(-1)).toMatchObject({ action: 'auth.sign_out', actor: 'user:maria' });
  });

  it('answers /me for the root token', async () => {
    const me = await t.request('/api/auth/me');
    expect(await me.json()).toEqual({ user: null, principal: 'root', scopes: ['read', 'operate', 'admin'], csrfToken: null });
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authorised change without the X-CSRF-Token header, and accepts it with the header', async () => {
    const session = await t.signIn('maria');
    const body = { name: 'script', scopes: ['read'] };
    const without = await t.asUser(session, '/api/tokens', { method: 'POST', json: body, csrf: false });
    expect(without.status).toBe(403);
    expect(await without.json()).toEqual({ error: { code: 'forbidden', message: expect.stringMatching(/^missing or wrong CSRF token/) } });
    const wrong = await t.asUser(session, '/api/tokens', { method: 'POST', json: body, csrf: false, headers: { 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrong.status).toBe(403);
    const withHeader = await t.asUser(session, '/api/tokens', { method: 'POST', json: body });
    expect(withHeader.status).toBe(201);
    // Reading needs no CSRF token.
    expect((await t.asUser(session, '/api/cameras', { csrf: false })).status).toBe(200);
  });

  it('asks nothing of bearer tokens', async () => {
    const res = await t.request('/api/rules/validate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'rules: []' }) });
    expect(res.status).toBe(200);
  });
});

describe('refused sign-ins', () => {
  it('answers 429 with Retry-After after 5 failures for a username, even with the right password', async () => {
    await t.createUser('jonas', 'viewer');
    for (let i = 0; i < 5; i++) expect((await login('jonas', `wrong-${i}-password`)).status).toBe(401);
    const limited = await login('jonas', PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe('rate_limited');
    // Other users are unaffected.
    expect((await login('maria', PASSWORD)).status).toBe(200);
  });

  it('refuses disabled users', async () => {
    const user = await t.createUser('left-company', 'viewer');
    const session = await t.signIn('left-company');
    const res = await t.request(`/api/users/${user.id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ disabled: true }) });
    expect(await res.json()).toMatchObject({ disabled: true });
    expect((await t.asUser(session, '/api/auth/me')).status).toBe(401);
    expect((await login('left-company', PASSWORD)).status).toBe(401);
  });
});

describe('root token', () => {
  it('still works as before', async () => {
    expect((await t.request('/api/cameras', { token: TEST_TOKEN })).status).toBe(200);
  });
});
