import { NAL, type NalRef } from './h264-nal.js';
import { stapA } from './h264-repacketize.js';
import type { RtpPacketView } from './rtp-packet.js';
import type { ParameterSets } from './stream-tracker.js';

/** One RTP packet as a viewer gets it: its own sequence and timeline; the peer sets SSRC and payload type. */
export interface OutgoingRtp {
  marker: boolean;
  sequenceNumber: number;
  timestamp: number;
  payload: Buffer;
}

/** A viewer's timeline continues this far (one 30 fps frame at 90 kHz) past its last packet when the source restarts. */
const RESTART_STEP = 3000;
const HALF_SEQUENCE_SPACE = 0x8000;

/**
 * One viewer's view of a camera's RTP copy. It starts at a keyframe (Vigil cannot ask a camera for one, so a new
 * viewer waits for the next: cameras send one every 1–2 s), puts the parameter sets first when the keyframe came
 * without them, and keeps sequence numbers and timestamps continuous when the camera's ffmpeg restarts.
 * A source packet may go out as several (cut to the viewer's packet size); the marker goes on its last.
 * Source gaps stay gaps, so the receiver still sees loss; a late or repeated source packet is dropped.
 */
export class ViewerStream {
  #sourceSsrc: number | null = null;
  #started = false;
  #lastSourceSeq = 0;
  #lastSeq: number;
  #lastTs: number | null = null;
  #tsOffset = 0;

  constructor(initialSequence = Math.floor(Math.random() * 0x10000)) {
    this.#lastSeq = initialSequence & 0xffff;
  }

  get started(): boolean {
    return this.#started;
  }

  /** `payloads`: the packet's payload cut to the viewer's packet size (repacketize). */
  accept(packet: RtpPacketView, nals: readonly NalRef[], payloads: readonly Buffer[], parameterSets: ParameterSets | null): OutgoingRtp[] {
    if (packet.ssrc !== this.#sourceSsrc) {
      this.#sourceSsrc = packet.ssrc;
      this.#started = false;
    }
    const out: OutgoingRtp[] = [];
    if (!this.#started) {
      if (!opensKeyframe(nals)) return out;
      this.#started = true;
      this.#tsOffset = this.#lastTs === null ? 0 : (this.#lastTs + RESTART_STEP - packet.timestamp) >>> 0;
      if (parameterSets && !nals.some((nal) => nal.type === NAL.sps)) {
        out.push(this.#emit(packet.timestamp, false, stapA([parameterSets.sps, parameterSets.pps])));
      }
    } else {
      const step = (packet.sequenceNumber - this.#lastSourceSeq) & 0xffff;
      if (step === 0 || step >= HALF_SEQUENCE_SPACE) return out;
      this.#lastSeq = (this.#lastSeq + step - 1) & 0xffff;
    }
    this.#lastSourceSeq = packet.sequenceNumber;
    const last = payloads.length - 1;
    payloads.forEach((payload, i) => out.push(this.#emit(packet.timestamp, packet.marker && i === last, payload)));
    return out;
  }

  #emit(sourceTs: number, marker: boolean, payload: Buffer): OutgoingRtp {
    const sequenceNumber = (this.#lastSeq + 1) & 0xffff;
    const timestamp = (sourceTs + this.#tsOffset) >>> 0;
    this.#lastSeq = sequenceNumber;
    this.#lastTs = timestamp;
    return { marker, sequenceNumber, timestamp, payload };
  }
}

/** A packet a decoder can start from: parameter sets, or the first fragment of an IDR slice. */
export const opensKeyframe = (nals: readonly NalRef[]): boolean =>
  nals.some((nal) => nal.type === NAL.sps || (nal.type === NAL.idr && nal.start));
