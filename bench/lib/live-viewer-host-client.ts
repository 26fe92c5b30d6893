import { startJsonLinesHost } from './json-lines-host.js';
import type { LiveViewerKind, OpenResult, ViewerStats } from './live-viewer-host-protocol.js';

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
  const args = ['--url', options.url, '--token', options.token, '--camera', options.cameraId];
  const host = await startJsonLinesHost<{ ready: true }>({ name: 'live viewer host', script: 'live-viewer-host.ts', args });
  return {
    pid: host.pid,
    open: (kind, count, timeoutMs = 20_000) => host.request<OpenResult>({ cmd: 'open', kind, count, timeoutMs }),
    stats: () => host.request<ViewerStats[]>({ cmd: 'stats' }),
    closeAll: () => host.request<void>({ cmd: 'close' }),
    stop: host.stop,
  };
}
