import { nalUnitsOf } from './h264-nal.js';
import { repacketize } from './h264-repacketize.js';
import type { RtpPacketView } from './rtp-packet.js';
import { StreamTracker, type StreamTrackerOptions } from './stream-tracker.js';
import { opensKeyframe, ViewerStream, type OutgoingRtp } from './viewer-stream.js';

/** Where a viewer's packets go: a WebRTC peer, or the JSMpeg transcoder's feed. */
export interface RelaySink {
  deliver(packets: OutgoingRtp[]): void;
}

/** One camera's live copy: read once, handed to every viewer from its next keyframe on. */
export class CameraRelay {
  readonly tracker: StreamTracker;
  readonly #viewers = new Map<RelaySink, ViewerStream>();

  constructor(
    private readonly onSinkError: (error: unknown) => void,
    trackerOptions: StreamTrackerOptions = {},
  ) {
    this.tracker = new StreamTracker(trackerOptions);
  }

  get viewerCount(): number {
    return this.#viewers.size;
  }

  push(packet: RtpPacketView, now: number): void {
    if (!this.tracker.observe(packet, now) || this.#viewers.size === 0) return;
    const nals = nalUnitsOf(packet.payload);
    if (nals.length === 0) return;
    const parameterSets = this.tracker.parameterSets();
    let payloads: Buffer[] | null = null;
    for (const [sink, stream] of this.#viewers) {
      // Cut once for all viewers, and only when one of them takes the packet (one waiting for a keyframe does not).
      if (!stream.started && !opensKeyframe(nals)) continue;
      payloads ??= repacketize(packet.payload);
      const out = stream.accept(packet, nals, payloads, parameterSets);
      if (out.length === 0) continue;
      try {
        sink.deliver(out);
      } catch (error) {
        this.onSinkError(error);
      }
    }
  }

  /** Returns the detach function. */
  attach(sink: RelaySink): () => void {
    this.#viewers.set(sink, new ViewerStream());
    return () => {
      this.#viewers.delete(sink);
    };
  }
}
