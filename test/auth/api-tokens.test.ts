import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiTokenCreatedDto } from '../../server/src/contracts/index.js';
import type { Database } from '../../server/src/store/db.js';
import { rawRows, storeTargets, type StoreTarget } from '../store/store-targets.js';
import { startAuthApp, storeWithDatabase, type AuthApp, type SignedIn } from './auth-harness.js';

describe.each(storeTargets)('API tokens on $name', (target: StoreTarget) => {
  let t: AuthApp;
  let database: Database;
  let cleanup: () => Promise<void>;
  let operator: SignedIn;
  beforeAll(async () => {
    const opened = await storeWithDatabase(target);
    database = opened.database;
    cleanup = opened.cleanup;
    t = await startAuthApp({ store: opened.store });
    await t.createUser('otto', 'operator', ['dock-1']);
    operator = await t.signIn('otto');
  });
  afterAll(async () => {
    await t?.close();
    await cleanup?.();
  });

  const create = async (session: SignedIn, body: unknown) => t.asUser(session, '/api/tokens', { method: 'POST', json: body });
  const bearer = (secret: string, path = '/api/auth/me', init: RequestInit = {}) => t.request(path, { ...init, token: secret });

  it('shows the secret once, keeps only its hash, and acts as its user within its scopes', async () => {
    const res = await create(operator, { name: 'shift report', scopes: ['read'] });
    expect(res.status).toBe(201);
    const { token, secret } = (await res.json()) as ApiTokenCreatedDto;
    expect(token).toMatchObject({ name: 'shift report', username: 'otto', scopes: ['read'], expiresAt: null, revokedAt: null });
    expect(secret).toMatch(/^vigil_[A-Za-z0-9_-]{43}$/);

    const rows = await rawRows(database, 'select * from api_tokens');
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(await rawRows(database, 'select * from sessions'))).not.toContain(operator.cookie.split('=')[1]);

    const me = await (await bearer(secret)).json();
    expect(me).toMatchObject({ principal: 'token', user: { username: 'otto', cameras: ['dock-1'] }, scopes: ['read'], csrfToken: null });
    // Read-only: an operator's token with the read scope cannot acknowledge.
    const ack = await bearer(secret, '/api/alerts/00000000-0000-4000-8000-000000000000/ack', { method: 'POST' });
    expect(ack.status).toBe(403);
    // Limited to the user's cameras.
    const cameras = (await (await bearer(secret, '/api/cameras')).json()).items.map((c: { id: string }) => c.id);
    expect(cameras).toEqual(['dock-1']);
    const list = await (await t.asUser(operator, '/api/tokens')).json();
    expect(list.items.map((item: { id: string; lastUsedAt: string | null }) => [item.id, item.lastUsedAt !== null])).toEqual([[token.id, true]]);
    expect(t.audit.entries).toContainEqual(expect.objectContaining({ action: 'token.create', actor: 'user:otto', targetId: token.id }));
    expect(JSON.stringify(t.audit.entries)).not.toContain(secret);
  });

  it("caps scopes at the user's role", async () => {
    const res = await create(operator, { name: 'too much', scopes: ['read', 'admin'] });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toContain('admin');
    const root = await t.request('/api/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'r', scopes: ['read'] }) });
    expect(root.status).toBe(403);
  });

  it('refuses a revoked token with 401, and an expired one', async () => {
    const { token, secret } = (await (await create(operator, { name: 'to revoke', scopes: ['operate'] })).json()) as ApiTokenCreatedDto;
    expect((await bearer(secret)).status).toBe(200);
    expect((await t.asUser(operator, `/api/tokens/${token.id}`, { method: 'DELETE' })).status).toBe(204);
    const refused = await bearer(secret);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('unauthorized');
    expect(t.audit.entries.at(-1)).toMatchObject({ action: 'token.revoke', actor: 'user:otto', targetId: token.id });

    const expiring = (await (await create(operator, { name: 'short', scopes: ['read'], expiresAt: new Date(Date.now() + 60_000).toISOString() })).json()) as ApiTokenCreatedDto;
    expect((await bearer(expiring.secret)).status).toBe(200);
    await database.db.execute(`update api_tokens set expires_at = now() - interval '1 second' where id = '${expiring.token.id}'`);
    expect((await bearer(expiring.secret)).status).toBe(401);
  });

  it("lets only its owner or an admin revoke a token; others see no one else's", async () => {
    const { token } = (await (await create(operator, { name: 'mine', scopes: ['read'] })).json()) as ApiTokenCreatedDto;
    await t.createUser('vera', 'viewer');
    const viewer = await t.signIn('vera');
    expect((await (await t.asUser(viewer, '/api/tokens')).json()).items).toEqual([]);
    expect((await t.asUser(viewer, `/api/tokens/${token.id}`, { method: 'DELETE' })).status).toBe(404);
    const all = await (await t.request('/api/tokens')).json();
    expect(all.items.length).toBeGreaterThanOrEqual(3);
    expect((await t.request(`/api/tokens/${token.id}`, { method: 'DELETE' })).status).toBe(204);
  });
});
