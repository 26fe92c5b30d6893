import { randomBytes } from 'node:crypto';
import { VigilError } from '../domain/index.js';
import type { Logger } from '../observability/logger.js';
import type { UserRecord, UserRepository } from '../store/ports.js';
import { MIN_PASSWORD_LENGTH } from '../contracts/index.js';
import type { PasswordHasher } from './password-hasher.adapter.js';
import { matchesDigest, sha256Hex } from './secrets.js';

/** The one-time setup code that lets the first person in create the first admin. */
export interface SetupGate {
  /** True while no user exists and a setup code is waiting. */
  needed(): Promise<boolean>;
  /** Whether this start printed a code that has not been used yet. */
  pending(): boolean;
  /** Constant-time check of a presented code. */
  matches(code: string): boolean;
  /** The code is spent. */
  consume(): void;
}

export interface FirstAdminOptions {
  users: UserRepository;
  hasher: PasswordHasher;
  /** VIGIL_ADMIN_USERNAME and VIGIL_ADMIN_PASSWORD. */
  adminUsername?: string | undefined;
  adminPassword?: string | undefined;
  /** Where the setup code goes: stdout, not the JSON log. */
  announce?: (text: string) => void;
  logger?: Logger;
}

const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

/** Twelve characters from an alphabet without look-alikes, in groups of four: about 60 bits. */
function newSetupCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const chars = [...randomBytes(12)].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/**
 * At start: with no user yet, creates the admin named by VIGIL_ADMIN_USERNAME/VIGIL_ADMIN_PASSWORD, or else prints
 * a one-time setup code for `POST /api/auth/setup`. Later starts (users exist) do neither.
 */
export async function prepareFirstAdmin(options: FirstAdminOptions): Promise<SetupGate> {
  const { users } = options;
  const closed = (): SetupGate => ({ needed: async () => false, pending: () => false, matches: () => false, consume: () => undefined });
  if ((await users.count()) > 0) return closed();
  const username = options.adminUsername?.trim().toLowerCase();
  if (username || options.adminPassword) {
    await createEnvAdmin(options, username ?? '', options.adminPassword ?? '');
    return closed();
  }
  const code = newSetupCode();
  const digest = sha256Hex(code);
  let spent = false;
  const announce = options.announce ?? ((text: string) => void process.stdout.write(text));
  announce(
    [
      '',
      `Vigil has no users yet. Setup code (shown only this once): ${code}`,
      'Open the dashboard and create the first admin with it, or POST it to /api/auth/setup.',
      'Set VIGIL_ADMIN_USERNAME and VIGIL_ADMIN_PASSWORD to create the first admin at start instead.',
      '',
    ].join('\n') + '\n',
  );
  return {
    needed: async () => !spent && (await users.count()) === 0,
    pending: () => !spent,
    matches: (presented) => !spent && matchesDigest(presented.trim().toUpperCase(), digest),
    consume: () => void (spent = true),
  };
}

async function createEnvAdmin(options: FirstAdminOptions, username: string, password: string): Promise<UserRecord | null> {
  if (!USERNAME.test(username)) throw new VigilError('invalid_config', 'VIGIL_ADMIN_USERNAME must be set (lower-case letters, digits, . _ @ -) together with VIGIL_ADMIN_PASSWORD');
  if (password.length < MIN_PASSWORD_LENGTH) throw new VigilError('invalid_config', `VIGIL_ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters`);
  const created = await options.users.insertFirst({
    username,
    displayName: username,
    passwordHash: await options.hasher.hash(password),
    role: 'admin',
    cameras: null,
  });
  if (created) options.logger?.info({ username }, 'first admin created from VIGIL_ADMIN_USERNAME');
  return created;
}
