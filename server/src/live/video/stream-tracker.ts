import { isH264Sps, looksLikeHevc, NAL, profileLevelIdOf } from './h264-nal.js';
import type { RtpPacketView } from './rtp-packet.js';

/** What a camera's live copy is, as far as the packets seen so far tell. */
export type LiveCodecState =
  | { kind: 'waiting'; reason: string }
  | { kind: 'h264'; profileLevelId: string }
  | { kind: 'unsupported'; reason: string };

export interface ParameterSets {
  sps: Buffer;
  pps: Buffer;
}

export interface StreamTrackerOptions {
  /** No packet for this long: the copy has stopped (camera offline, ffmpeg restarting). Default 5 s. */
  staleMs?: number;
  /** Packets for this long without an H.264 keyframe: the stream is not one Vigil relays. Default 12 s. */
  giveUpMs?: number;
}

/** The payload type Vigil's ingest gives the live copy; static types name a codec of their own. */
export const LIVE_PAYLOAD_TYPE = 96;
const STATIC_PAYLOAD_NAMES: Record<number, string> = { 26: 'MJPEG', 32: 'MPEG-1/2 video', 34: 'H.263' };

/** Follows one camera's RTP copy: its codec, its latest SPS/PPS, whether a keyframe has gone by. */
export class StreamTracker {
  #ssrc: number | null = null;
  #firstPacketAt: number | null = null;
  #lastPacketAt: number | null = null;
  #sps: Buffer | null = null;
  #pps: Buffer | null = null;
  #keyframes = 0;
  #foreign: string | null = null;
  readonly #staleMs: number;
  readonly #giveUpMs: number;

  constructor(options: StreamTrackerOptions = {}) {
    this.#staleMs = options.staleMs ?? 5000;
    this.#giveUpMs = options.giveUpMs ?? 12_000;
  }

  /**
   * Reads one packet; true when it is H.264 to relay. Called for every packet of every camera, watched or not,
   * so it allocates nothing unless the packet carries parameter sets that changed.
   */
  observe(packet: RtpPacketView, now: number): boolean {
    if (packet.ssrc !== this.#ssrc) this.#restart(packet.ssrc, now);
    this.#lastPacketAt = now;
    if (packet.payloadType !== LIVE_PAYLOAD_TYPE) {
      this.#foreign = STATIC_PAYLOAD_NAMES[packet.payloadType] ?? `RTP payload type ${packet.payloadType}`;
      return false;
    }
    const { payload } = packet;
    if (this.#foreign === null && this.#sps === null && looksLikeHevc(payload)) this.#foreign = 'H.265';
    if (this.#foreign !== null || payload.length === 0) return false;
    const type = (payload[0] as number) & 0x1f;
    if (type === NAL.stapA) {
      // nalUnitsOf without its objects: the ingest sends most pictures as a STAP-A.
      for (let offset = 1; offset + 2 < payload.length; ) {
        const size = payload.readUInt16BE(offset);
        offset += 2;
        if (size === 0 || offset + size > payload.length) break;
        this.#note(payload, offset, offset + size);
        offset += size;
      }
    } else if (type === NAL.fuA) {
      if (payload.length >= 2 && ((payload[1] as number) & 0x9f) === (0x80 | NAL.idr)) this.#keyframes += 1;
    } else {
      this.#note(payload, 0, payload.length);
    }
    return true;
  }

  parameterSets(): ParameterSets | null {
    return this.#sps && this.#pps ? { sps: this.#sps, pps: this.#pps } : null;
  }

  state(now: number): LiveCodecState {
    if (this.#lastPacketAt === null) return { kind: 'waiting', reason: 'no live video from the camera yet' };
    if (now - this.#lastPacketAt > this.#staleMs) return { kind: 'waiting', reason: 'the camera\'s live video has stopped' };
    if (this.#foreign !== null) return { kind: 'unsupported', reason: `the camera sends ${this.#foreign}; live view relays H.264 only` };
    const sps = this.#sps;
    const profile = sps ? profileLevelIdOf(sps) : null;
    if (profile && this.#pps && this.#keyframes > 0) return { kind: 'h264', profileLevelId: profile };
    const streamingMs = now - (this.#firstPacketAt ?? now);
    if (streamingMs < this.#giveUpMs) return { kind: 'waiting', reason: 'waiting for a keyframe from the camera' };
    if (this.#keyframes > 0) {
      return { kind: 'unsupported', reason: 'the live copy carries no H.264 parameter sets (SPS/PPS): a file source keeps them in its MP4 header' };
    }
    return { kind: 'unsupported', reason: 'the camera\'s video is not H.264; live view relays H.264 only' };
  }

  /** The whole NAL unit at payload[start, end); parameter sets are copied (the payload is a view into the datagram) when they change. */
  #note(payload: Buffer, start: number, end: number): void {
    const type = (payload[start] as number) & 0x1f;
    if (type === NAL.idr) {
      this.#keyframes += 1;
    } else if (type === NAL.sps || type === NAL.pps) {
      const unit = payload.subarray(start, end);
      if (type === NAL.pps) {
        if (!this.#pps?.equals(unit)) this.#pps = Buffer.from(unit);
      } else if (isH264Sps(unit) && !this.#sps?.equals(unit)) {
        this.#sps = Buffer.from(unit);
      }
    }
  }

  #restart(ssrc: number, now: number): void {
    // A new ffmpeg run: what the previous one sent says nothing about this one.
    this.#ssrc = ssrc;
    this.#firstPacketAt = now;
    this.#sps = null;
    this.#pps = null;
    this.#keyframes = 0;
    this.#foreign = null;
  }
}
