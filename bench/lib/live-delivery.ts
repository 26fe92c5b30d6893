import type { ViewerStats } from './live-viewer-host-protocol.js';
import { kbitPerSecond } from './live-viewer-cost.js';

/** What one viewer received in one measured interval. */
export interface ViewerDelivery {
  kbps: number;
  /** RTP packets (WebRTC) or whole MPEG-TS packets (JSMpeg). */
  packets: number;
  /** IDR pictures (WebRTC) or MPEG-1 sequence headers (JSMpeg): places a decoder can start. */
  keyframes: number;
  /** MPEG-TS packets without their sync byte (JSMpeg); 0 for WebRTC. */
  syncErrors: number;
  /** Why the viewer ended, if it did. */
  closed: string | null;
  /** Received video it could decode, and is still open. */
  ok: boolean;
}

const totals = (s: ViewerStats) =>
  s.kind === 'webrtc'
    ? { bytes: s.counts.payloadBytes, packets: s.counts.packets, keyframes: s.counts.keyframes, syncErrors: 0 }
    : { bytes: s.counts.bytes, packets: s.counts.packets, keyframes: s.counts.sequenceHeaders, syncErrors: s.counts.syncErrors };

/**
 * Per viewer, what arrived between two readings of the viewer host (viewers in the same order, new ones at the end).
 * A viewer that is missing from the second reading, closed, got no packets, or got no keyframe did not receive video.
 */
export function deliveredBetween(before: readonly ViewerStats[], after: readonly ViewerStats[], seconds: number): ViewerDelivery[] {
  return after.map((end, index) => {
    const start = before[index];
    const a = totals(end);
    const b = start && start.kind === end.kind ? totals(start) : { bytes: 0, packets: 0, keyframes: 0, syncErrors: 0 };
    const packets = a.packets - b.packets;
    const keyframes = a.keyframes - b.keyframes;
    const syncErrors = a.syncErrors - b.syncErrors;
    return {
      kbps: kbitPerSecond(a.bytes - b.bytes, seconds),
      packets,
      keyframes,
      syncErrors,
      closed: end.closed,
      ok: end.closed === null && packets > 0 && keyframes > 0 && syncErrors === 0,
    };
  });
}
