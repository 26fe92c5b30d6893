import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './paths.js';
import { spawnTracked, stopTracked, type Tracked } from './processes.js';

/**
 * A helper process of a benchmark (the simulated cameras, WHIP publishers…) driven over stdin/stdout with one
 * JSON object per line: it first writes `{"ready":true,…}`, then answers each `{"id":N,"cmd":…}` with
 * `{"id":N,"ok":true,"result":…}` or `{"id":N,"ok":false,"error":"…"}`. Running apart keeps its CPU out of Vigil's.
 */
export interface JsonLinesHost<Ready> {
  readonly pid: number;
  /** The ready message, as the host wrote it. */
  readonly ready: Ready;
  request<T>(body: Record<string, unknown>): Promise<T>;
  /** Closes stdin (the host ends itself), then SIGTERM/SIGKILL if it lingers. */
  stop(): Promise<void>;
}

interface Reply {
  id?: number;
  ok?: boolean;
  result?: unknown;
  error?: string;
  ready?: boolean;
}

export interface JsonLinesHostOptions {
  /** For error messages: "sim host". */
  name: string;
  /** The host's script, relative to bench/lib. */
  script: string;
  args: readonly string[];
}

/** Starts `node --import tsx bench/lib/SCRIPT ARGS…` and resolves once it has written its ready message. */
export async function startJsonLinesHost<Ready extends object>(options: JsonLinesHostOptions): Promise<JsonLinesHost<Ready>> {
  const { name } = options;
  const script = join(REPO_ROOT, 'bench', 'lib', options.script);
  const tracked: Tracked = spawnTracked(process.execPath, ['--import', 'tsx', script, ...options.args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let onReady: ((message: Ready) => void) | null = null;
  const ready = new Promise<Ready>((resolve, reject) => {
    onReady = resolve;
    void tracked.exited.then(() => reject(new Error(`${name} exited before it was ready: ${tracked.stderrTail().trim()}`)));
  });
  createInterface({ input: tracked.child.stdout! }).on('line', (line) => {
    let message: Reply;
    try {
      message = JSON.parse(line) as Reply;
    } catch {
      return;
    }
    if (message.ready === true) return onReady?.(message as Ready);
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id!);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new Error(`${name}: ${message.error ?? 'failed'}`));
  });
  void tracked.exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${name} exited: ${tracked.stderrTail().trim()}`));
    pending.clear();
  });

  const stop = async () => {
    tracked.child.stdin?.end();
    await stopTracked(tracked, 8000);
  };
  let readyMessage: Ready;
  try {
    readyMessage = await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    pid: tracked.pid,
    ready: readyMessage,
    request: <T>(body: Record<string, unknown>) =>
      new Promise<T>((resolve, reject) => {
        if (tracked.child.exitCode !== null || tracked.child.signalCode !== null) {
          reject(new Error(`${name} has exited: ${tracked.stderrTail().trim()}`));
          return;
        }
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        tracked.child.stdin!.write(`${JSON.stringify({ id, ...body })}\n`);
      }),
    stop,
  };
}
