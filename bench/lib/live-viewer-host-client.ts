import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LiveViewerKind, OpenResult, ViewerHostReply, ViewerStats } from './live-viewer-host-protocol.js';
import { REPO_ROOT } from './paths.js';
import { spawnTracked, stopTracked, type Tracked } from './processes.js';

/** Live viewers of one camera, running in their own process (see live-viewer-host.ts). */
export interface LiveViewerHost {
  readonly pid: number;
  /** Opens `count` more viewers; resolves once each has received a keyframe. */
  open(kind: LiveViewerKind, count: number, timeoutMs?: number): Promise<OpenResult>;
  stats(): Promise<ViewerStats[]>;
  /** Closes every viewer. */
  closeAll(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLiveViewerHost(options: { url: string; token: string; cameraId: string }): Promise<LiveViewerHost> {
  const script = join(REPO_ROOT, 'bench', 'lib', 'live-viewer-host.ts');
  const args = ['--import', 'tsx', script, '--url', options.url, '--token', options.token, '--camera', options.cameraId];
  const tracked: Tracked = spawnTracked(process.execPath, args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let onReady: (() => void) | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    void tracked.exited.then(() => reject(new Error(`live viewer host exited before it was ready: ${tracked.stderrTail().trim()}`)));
  });
  createInterface({ input: tracked.child.stdout! }).on('line', (line) => {
    let message: ViewerHostReply;
    try {
      message = JSON.parse(line) as ViewerHostReply;
    } catch {
      return;
    }
    if ('ready' in message) return onReady?.();
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new Error(`live viewer host: ${message.error}`));
  });
  void tracked.exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error(`live viewer host exited: ${tracked.stderrTail().trim()}`));
    pending.clear();
  });

  const request = <T>(body: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      tracked.child.stdin!.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  const stop = async () => {
    tracked.child.stdin?.end();
    await stopTracked(tracked, 8000);
  };

  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    pid: tracked.pid,
    open: (kind, count, timeoutMs = 20_000) => request<OpenResult>({ cmd: 'open', kind, count, timeoutMs }),
    stats: () => request<ViewerStats[]>({ cmd: 'stats' }),
    closeAll: () => request<void>({ cmd: 'close' }),
    stop,
  };
}
