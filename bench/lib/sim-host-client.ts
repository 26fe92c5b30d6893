import { join } from 'node:path';
import type { RtspRelayStats } from '../../server/src/sim/rtsp-relay.js';
import { startJsonLinesHost } from './json-lines-host.js';
import { benchCacheDir } from './paths.js';

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

export async function startSimHost(options: { size?: string; fps?: number } = {}): Promise<SimHost> {
  const args = ['--dir', join(benchCacheDir(), 'sim'), '--size', options.size ?? '640x360', '--fps', String(options.fps ?? 15)];
  const host = await startJsonLinesHost<{ port: number }>({ name: 'sim host', script: 'sim-host.ts', args });
  const { port } = host.ready;
  return {
    pid: host.pid,
    port,
    url: (path) => `rtsp://127.0.0.1:${port}/${path}`,
    addCameras: async (count, prefix) => (await host.request<{ urls: string[] }>({ cmd: 'cameras', count, prefix })).urls,
    waitForMount: (path, timeoutMs = 20_000) => host.request<void>({ cmd: 'wait', path, timeoutMs }),
    stats: () => host.request<RtspRelayStats>({ cmd: 'stats' }),
    stop: host.stop,
  };
}
