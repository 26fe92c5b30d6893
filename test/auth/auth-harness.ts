import type { AuditEntryInput, AuditLog } from '../../server/src/audit/audit-log.js';
import type { UserDto } from '../../server/src/contracts/index.js';
import { DEFAULT_MIGRATIONS_FOLDER, openDatabase, storeOn } from '../../server/src/store/create-store.js';
import type { Database } from '../../server/src/store/db.js';
import type { Store } from '../../server/src/store/ports.js';
import { makeCamera, startTestApp, type TestApp, type TestAppOptions } from '../api/test-app.js';
import type { StoreTarget } from '../store/store-targets.js';

export const PASSWORD = 'correct horse battery';

/** Audit entries as recorded, for assertions. */
export class RecordedAudit implements AuditLog {
  readonly entries: AuditEntryInput[] = [];
  async record(entry: AuditEntryInput): Promise<void> {
    this.entries.push(entry);
  }
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  user: UserDto;
}

export interface AuthApp extends TestApp {
  audit: RecordedAudit;
  /** Creates a user through the API with the root token. */
  createUser(username: string, role: 'viewer' | 'operator' | 'admin', cameras?: string[] | null): Promise<UserDto>;
  signIn(username: string, password?: string): Promise<SignedIn>;
  /** A request with the session cookie, and the CSRF header unless `csrf: false`. */
  asUser(session: SignedIn, path: string, init?: { method?: string; json?: unknown; csrf?: boolean; headers?: Record<string, string> }): Promise<Response>;
}

/** Two config cameras (dock-1, yard-2) and a recorded audit log. */
export async function startAuthApp(options: TestAppOptions = {}): Promise<AuthApp> {
  const audit = new RecordedAudit();
  const t = await startTestApp({
    configCameras: [makeCamera({ id: 'dock-1' }), makeCamera({ id: 'yard-2', name: 'Yard 2' })],
    audit,
    ...options,
  });
  const jsonInit = (method: string, json: unknown, headers: Record<string, string> = {}): RequestInit => ({
    method,
    headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  return {
    ...t,
    audit,
    async createUser(username, role, cameras = null) {
      const res = await t.request('/api/users', jsonInit('POST', { username, displayName: username, password: PASSWORD, role, cameras }));
      if (res.status !== 201) throw new Error(`creating ${username}: ${res.status} ${await res.text()}`);
      return (await res.json()) as UserDto;
    },
    async signIn(username, password = PASSWORD) {
      const res = await t.request('/api/auth/login', { ...jsonInit('POST', { username, password }), token: null });
      if (res.status !== 200) throw new Error(`signing in ${username}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { user: UserDto; csrfToken: string };
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      return { cookie, csrfToken: body.csrfToken, user: body.user };
    },
    asUser(session, path, init = {}) {
      const headers: Record<string, string> = { cookie: session.cookie, ...init.headers };
      if (init.csrf !== false) headers['x-csrf-token'] = session.csrfToken;
      return t.request(path, { ...jsonInit(init.method ?? 'GET', init.json, headers), token: null });
    },
  };
}

/** A migrated store on the target with its database, for reading tables directly. */
export async function storeWithDatabase(target: StoreTarget): Promise<{ store: Store; database: Database; cleanup: () => Promise<void> }> {
  const { options, cleanup } = await target.prepare();
  const database = await openDatabase(options);
  await database.migrate(DEFAULT_MIGRATIONS_FOLDER);
  return { store: storeOn(database), database, cleanup };
}
