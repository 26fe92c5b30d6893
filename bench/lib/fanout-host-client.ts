import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ConnectedMessage, HostMessage, ReportMessage } from './fanout-host-protocol.js';
import { descriptorsNeeded, readOpenFilesLimit } from './open-files.js';
import { REPO_ROOT } from './paths.js';
import { spawnTracked, stopTracked, type Tracked } from './processes.js';

/** The fan-out clients, running in their own process (see fanout-host.ts). */
export interface FanoutHost {
  readonly pid: number;
  readonly connected: ConnectedMessage;
  /** How the host's open-files limit was set: inherited, or raised to the hard limit by the shell that starts it. */
  readonly openFiles: { soft: number; raisedTo: number | null };
  /** Every alert:new so far, with each client's arrival time. */
  report(): Promise<ReportMessage>;
  stop(): Promise<void>;
}

export interface FanoutHostOptions {
  url: string;
  token: string;
  clients: number;
  /** For the whole connect wave. */
  timeoutMs: number;
}

/**
 * The host's command line. Node cannot raise its own open-files limit, so where the inherited soft limit is too low
 * for the clients but the hard limit allows it, a shell raises it before starting Node.
 */
function hostCommand(args: string[], need: number): { command: string; args: string[]; raisedTo: number | null; soft: number } {
  const limit = readOpenFilesLimit();
  const soft = limit?.soft ?? Infinity;
  if (!limit || limit.soft >= need) return { command: process.execPath, args, raisedTo: null, soft };
  if (limit.hard < need) throw new Error(`open-files limit too low for ${need} descriptors (soft ${limit.soft}, hard ${limit.hard}); raise it with ulimit -n before running the benchmark`);
  return { command: '/bin/sh', args: ['-c', `ulimit -n ${need} && exec "$0" "$@"`, process.execPath, ...args], raisedTo: need, soft };
}

export async function startFanoutHost(options: FanoutHostOptions): Promise<FanoutHost> {
  const script = join(REPO_ROOT, 'bench', 'lib', 'fanout-host.ts');
  const nodeArgs = ['--import', 'tsx', script, '--url', options.url, '--token', options.token, '--clients', String(options.clients), '--timeout-ms', String(options.timeoutMs)];
  const { command, args, raisedTo, soft } = hostCommand(nodeArgs, descriptorsNeeded(options.clients));
  const tracked: Tracked = spawnTracked(command, args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });

  let onConnected: ((message: ConnectedMessage) => void) | null = null;
  const reportWaiters: Array<(message: ReportMessage) => void> = [];
  createInterface({ input: tracked.child.stdout! }).on('line', (line) => {
    let message: HostMessage;
    try {
      message = JSON.parse(line) as HostMessage;
    } catch {
      return;
    }
    if (message.type === 'connected') onConnected?.(message);
    else reportWaiters.shift()?.(message);
  });
  const exitedEarly = tracked.exited.then(() => {
    throw new Error(`fan-out host exited: ${tracked.stderrTail().trim() || 'no message'}`);
  });
  exitedEarly.catch(() => undefined);

  const stop = async () => {
    tracked.child.stdin?.end();
    await stopTracked(tracked, 8000);
  };

  let connected: ConnectedMessage;
  try {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`fan-out clients not connected after ${options.timeoutMs + 30_000} ms`)), options.timeoutMs + 30_000).unref());
    connected = await Promise.race([new Promise<ConnectedMessage>((resolve) => (onConnected = resolve)), exitedEarly, timeout]);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    pid: tracked.pid,
    connected,
    openFiles: { soft, raisedTo },
    report: () =>
      Promise.race([
        new Promise<ReportMessage>((resolve) => {
          reportWaiters.push(resolve);
          tracked.child.stdin!.write(`${JSON.stringify({ cmd: 'report' })}\n`);
        }),
        exitedEarly,
      ]),
    stop,
  };
}
