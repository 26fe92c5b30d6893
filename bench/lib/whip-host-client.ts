import { startJsonLinesHost } from './json-lines-host.js';
import type { PublisherCounts, StopResult } from './whip-host-protocol.js';

/** WHIP publishers of a pre-encoded clip, running in their own process (see whip-host.ts). */
export interface WhipHost {
  readonly pid: number;
  /** One publisher per camera, to Vigil at `url` (http://127.0.0.1:PORT); resolves once all are connected. */
  publish(url: string, token: string, cameraIds: readonly string[]): Promise<PublisherCounts[]>;
  counts(): Promise<PublisherCounts[]>;
  /** Ends every publisher (DELETE on each session). */
  stopAll(): Promise<StopResult>;
  stop(): Promise<void>;
}

export async function startWhipHost(options: { clip: string }): Promise<WhipHost> {
  const host = await startJsonLinesHost<{ ready: true }>({ name: 'WHIP host', script: 'whip-host.ts', args: ['--clip', options.clip] });
  return {
    pid: host.pid,
    publish: (url, token, cameraIds) => host.request<PublisherCounts[]>({ cmd: 'publish', url, token, cameraIds }),
    counts: () => host.request<PublisherCounts[]>({ cmd: 'counts' }),
    stopAll: () => host.request<StopResult>({ cmd: 'stop' }),
    stop: host.stop,
  };
}
