import type { PublishedCodec } from './webrtc/publisher-offer.js';

/** A camera's stream as a publisher sends it to Vigil (WHIP): what ffmpeg needs to read it, and how to steer it. */
export interface PublishedStream {
  readonly codec: PublishedCodec;
  readonly payloadType: number;
  readonly clockRate: number;
  readonly fmtp: string;
  /** From now on, send the stream's RTP to this loopback UDP port (null: nowhere). */
  forwardTo(port: number | null): void;
  /** Asks the publisher for a keyframe (a decoder starting, or a segment to cut). */
  requestKeyframe(): void;
}

/** Where an ingest finds the publisher of a pushed camera, and learns when one comes or goes. */
export interface PublishedStreams {
  current(cameraId: string): PublishedStream | null;
  /** Calls the listener whenever the camera's publisher changes (null: it left, and why); returns the unsubscribe. */
  watch(cameraId: string, listener: (stream: PublishedStream | null, reason: string) => void): () => void;
}
