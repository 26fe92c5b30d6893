import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/src/contracts/index.js';
import { startVigil, type RunningVigil } from '../../server/src/main.js';
import { silentLogger } from '../../server/src/observability/logger.js';
import type { StoreTarget } from '../store/store-targets.js';

export const E2E_TOKEN = 'e2e-token-0123456789abcdef';
export type VigilSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A site folder (vigil.yaml, rules/) and database for one test, with the environment Vigil starts from. */
export async function prepareTestSite(input: {
  siteYaml: string;
  rules: Record<string, string>;
  target: StoreTarget;
  env?: Record<string, string>;
}): Promise<{ dir: string; env: Record<string, string | undefined>; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-e2e-'));
  await mkdir(join(dir, 'rules'));
  await writeFile(join(dir, 'vigil.yaml'), input.siteYaml);
  for (const [name, text] of Object.entries(input.rules)) await writeFile(join(dir, 'rules', name), text);
  const { options, cleanup } = await input.target.prepare();
  const env = {
    PATH: process.env.PATH,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
    VIGIL_CONFIG: join(dir, 'vigil.yaml'),
    VIGIL_API_TOKEN: E2E_TOKEN,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...input.env,
  };
  return {
    dir,
    env,
    dispose: async () => {
      await cleanup();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A Vigil started in-process on a temp DATA_DIR with a site file and rule packs written by the test. */
export async function startTestVigil(input: Parameters<typeof prepareTestSite>[0]): Promise<{ vigil: RunningVigil; dir: string; dispose: () => Promise<void> }> {
  const site = await prepareTestSite(input);
  const vigil = await startVigil(site.env, silentLogger());
  return {
    vigil,
    dir: site.dir,
    dispose: async () => {
      await vigil.stop();
      await site.dispose();
    },
  };
}

export function connectSocket(url: string, token = E2E_TOKEN): VigilSocket {
  return io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
}

export async function api<T>(vigil: RunningVigil, path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${vigil.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${E2E_TOKEN}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Resolves with the first event payload that matches, or rejects after `timeoutMs`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: VigilSocket,
  event: E,
  matches: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean,
  timeoutMs: number,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

const execFileAsync = promisify(execFile);

export async function ffprobeJson(path: string): Promise<{ streams: Record<string, unknown>[]; format: Record<string, unknown> }> {
  const { stdout } = await execFileAsync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', path]);
  return JSON.parse(stdout) as { streams: Record<string, unknown>[]; format: Record<string, unknown> };
}
