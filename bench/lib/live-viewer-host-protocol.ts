/** Messages of the live-viewer host (live-viewer-host.ts), one JSON object per line each way. */
import type { RtpVideoCounts, TsVideoCounts } from './live-stream-counters.js';

export type LiveViewerKind = 'webrtc' | 'jsmpeg';

export type ViewerHostCommand =
  /** Opens `count` more viewers of one kind; answers once each has received video it can start decoding. */
  | { id: number; cmd: 'open'; kind: LiveViewerKind; count: number; timeoutMs: number }
  | { id: number; cmd: 'stats' }
  /** Closes every viewer. */
  | { id: number; cmd: 'close' };

export type ViewerStats =
  | { kind: 'webrtc'; openedAtMs: number; firstKeyframeMs: number | null; closed: string | null; counts: RtpVideoCounts }
  | { kind: 'jsmpeg'; openedAtMs: number; firstKeyframeMs: number | null; closed: string | null; counts: TsVideoCounts };

export interface OpenResult {
  /** Per viewer opened now: ms from the request to its first keyframe (IDR or MPEG-1 sequence header). */
  firstKeyframeMs: number[];
}

export type ViewerHostReply =
  | { ready: true }
  | { id: number; ok: true; result: OpenResult | ViewerStats[] | null }
  | { id: number; ok: false; error: string };
