import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { VigilError } from '../domain/index.js';

export const API_TOKEN_FILE = 'api-token';
const MIN_LENGTH = 16;

export interface ApiTokenResult {
  token: string;
  /** env: VIGIL_API_TOKEN; file: reused from <dataDir>/api-token; generated: created by this start. */
  source: 'env' | 'file' | 'generated';
  /** The file holding the token; null when it came from the environment. */
  file: string | null;
}

export interface ApiTokenOptions {
  dataDir: string;
  /** VIGIL_API_TOKEN, when set. */
  envToken?: string | undefined;
  /** Where the one-time notice goes: stdout, not the JSON log. */
  announce?: (text: string) => void;
}

/**
 * The bearer token for the HTTP API and the live gateway. A token generated at first start is shown once on stdout
 * and kept in `<dataDir>/api-token` (mode 0600); later starts reuse it silently.
 */
export async function resolveApiToken(options: ApiTokenOptions): Promise<ApiTokenResult> {
  const envToken = options.envToken?.trim();
  if (envToken) {
    if (envToken.length < MIN_LENGTH) throw new VigilError('invalid_config', `VIGIL_API_TOKEN must be at least ${MIN_LENGTH} characters`);
    return { token: envToken, source: 'env', file: null };
  }
  const file = resolve(options.dataDir, API_TOKEN_FILE);
  const stored = await readStoredToken(file);
  if (stored) {
    await chmod(file, 0o600).catch(() => undefined);
    return { token: stored, source: 'file', file };
  }
  const token = randomBytes(32).toString('base64url');
  await mkdir(options.dataDir, { recursive: true });
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  const announce = options.announce ?? ((text: string) => void process.stdout.write(text));
  announce(
    [
      '',
      `Vigil API token (generated at first start, shown only this once): ${token}`,
      `It is stored in ${file} (readable only by this user) and reused on later starts.`,
      "Send it as 'Authorization: Bearer <token>'; set VIGIL_API_TOKEN to choose your own.",
      '',
    ].join('\n') + '\n',
  );
  return { token, source: 'generated', file };
}

async function readStoredToken(file: string): Promise<string | null> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return text.length >= MIN_LENGTH ? text : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
