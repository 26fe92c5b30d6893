import { NAL, type NalRef } from './h264-nal.js';
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

/**
 * One viewer's view of a camera's RTP copy. It starts at a keyframe (Vigil cannot ask a camera for one, so a new
 * viewer waits for the next: cameras send one every 1–2 s), puts the parameter sets first when the keyframe came
 * without them, and keeps sequence numbers and timestamps continuous when the camera's ffmpeg restarts.
 * Source gaps stay gaps, so the receiver still sees loss.
 */
export class ViewerStream {
  #sourceSsrc: number | null = null;
  #started = false;
  #lastSeq: number;
  #lastTs: number | null = null;
  #seqOffset = 0;
  #tsOffset = 0;

  constructor(initialSequence = Math.floor(Math.random() * 0x10000)) {
    this.#lastSeq = initialSequence & 0xffff;
  }

  get started(): boolean {
    return this.#started;
  }

  accept(packet: RtpPacketView, nals: readonly NalRef[], parameterSets: ParameterSets | null): OutgoingRtp[] {
    if (packet.ssrc !== this.#sourceSsrc) {
      this.#sourceSsrc = packet.ssrc;
      this.#started = false;
    }
    const out: OutgoingRtp[] = [];
    if (!this.#started) {
      if (!opensKeyframe(nals)) return out;
      this.#started = true;
      const withParameterSets = nals.some((nal) => nal.type === NAL.sps);
      const extra = withParameterSets || !parameterSets ? 0 : 1;
      this.#seqOffset = (this.#lastSeq + 1 + extra - packet.sequenceNumber) & 0xffff;
      this.#tsOffset = this.#lastTs === null ? 0 : (this.#lastTs + RESTART_STEP - packet.timestamp) >>> 0;
      if (extra && parameterSets) {
        out.push(this.#emit(packet.timestamp, (packet.sequenceNumber - 1) & 0xffff, false, stapA([parameterSets.sps, parameterSets.pps])));
      }
    }
    out.push(this.#emit(packet.timestamp, packet.sequenceNumber, packet.marker, packet.payload));
    return out;
  }

  #emit(sourceTs: number, sourceSeq: number, marker: boolean, payload: Buffer): OutgoingRtp {
    const sequenceNumber = (sourceSeq + this.#seqOffset) & 0xffff;
    const timestamp = (sourceTs + this.#tsOffset) >>> 0;
    this.#lastSeq = sequenceNumber;
    this.#lastTs = timestamp;
    return { marker, sequenceNumber, timestamp, payload };
  }
}

/** A packet a decoder can start from: parameter sets, or the first fragment of an IDR slice. */
export const opensKeyframe = (nals: readonly NalRef[]): boolean =>
  nals.some((nal) => nal.type === NAL.sps || (nal.type === NAL.idr && nal.start));

/** RFC 6184 STAP-A: the units behind one header carrying the highest nal_ref_idc among them. */
export function stapA(units: readonly Buffer[]): Buffer {
  const nri = units.reduce((max, unit) => Math.max(max, (unit[0] ?? 0) & 0x60), 0);
  const parts: Buffer[] = [Buffer.from([nri | NAL.stapA])];
  for (const unit of units) {
    const size = Buffer.alloc(2);
    size.writeUInt16BE(unit.length);
    parts.push(size, unit);
  }
  return Buffer.concat(parts);
}
