import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RtspRelayStats } from '../../server/src/sim/rtsp-relay.js';
import { spawnTracked, stopTracked, type Tracked } from './processes.js';
import { REPO_ROOT, benchCacheDir } from './paths.js';

/** The relay and simulated cameras, running in their own process (see sim-host.ts). */
export interface SimHost {
  readonly pid: number;
  readonly port: number;
  /** rtsp://127.0.0.1:PORT/PATH */
  url(path: string): string;
  /** Starts `count` stream-copy publishers named `${prefix}1…`; resolves with their URLs once all are live. */
  addCameras(count: number, prefix: string): Promise<string[]>;
  waitForMount(path: string, timeoutMs?: number): Promise<void>;
  stats(): Promise<RtspRelayStats>;
  stop(): Promise<void>;
}

interface Reply {
  id?: number;
  ok?: boolean;
  result?: unknown;
  error?: string;
  ready?: boolean;
  port?: number;
}

export async function startSimHost(options: { size?: string; fps?: number } = {}): Promise<SimHost> {
  const script = join(REPO_ROOT, 'bench', 'lib', 'sim-host.ts');
  const args = ['--import', 'tsx', script, '--dir', join(benchCacheDir(), 'sim'), '--size', options.size ?? '640x360', '--fps', String(options.fps ?? 15)];
  const tracked: Tracked = spawnTracked(process.execPath, args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let ready: ((port: number) => void) | null = null;
  const readyPort = new Promise<number>((resolve, reject) => {
    ready = resolve;
    void tracked.exited.then(() => reject(new Error(`sim host exited before it was ready: ${tracked.stderrTail().trim()}`)));
  });
  createInterface({ input: tracked.child.stdout! }).on('line', (line) => {
    let message: Reply;
    try {
      message = JSON.parse(line) as Reply;
    } catch {
      return;
    }
    if (message.ready && message.port !== undefined) return ready?.(message.port);
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id!);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new Error(`sim host: ${message.error ?? 'failed'}`));
  });
  void tracked.exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error(`sim host exited: ${tracked.stderrTail().trim()}`));
    pending.clear();
  });

  const request = <T>(body: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      tracked.child.stdin!.write(`${JSON.stringify({ id, ...body })}\n`);
    });

  let port: number;
  try {
    port = await readyPort;
  } catch (error) {
    await stopTracked(tracked);
    throw error;
  }
  return {
    pid: tracked.pid,
    port,
    url: (path) => `rtsp://127.0.0.1:${port}/${path}`,
    addCameras: async (count, prefix) => (await request<{ urls: string[] }>({ cmd: 'cameras', count, prefix })).urls,
    waitForMount: (path, timeoutMs = 20_000) => request<void>({ cmd: 'wait', path, timeoutMs }),
    stats: () => request<RtspRelayStats>({ cmd: 'stats' }),
    stop: async () => {
      tracked.child.stdin?.end();
      await stopTracked(tracked, 8000);
    },
  };
}
