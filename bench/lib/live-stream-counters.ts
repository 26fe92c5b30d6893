import { NAL, nalUnitsOf } from '../../server/src/live/video/h264-nal.js';

/** What one WebRTC viewer has received: RTP packets of H.264, and the IDR pictures (where a decoder can start). */
export interface RtpVideoCounts {
  packets: number;
  payloadBytes: number;
  /** IDR pictures begun: packets that start an IDR slice, counted once per RTP timestamp. */
  keyframes: number;
  /** SPS seen (a viewer needs it before the first IDR). */
  parameterSets: number;
}

export class RtpVideoCounter {
  readonly #counts: RtpVideoCounts = { packets: 0, payloadBytes: 0, keyframes: 0, parameterSets: 0 };
  #lastKeyframeTimestamp: number | null = null;

  push(payload: Buffer, timestamp: number): void {
    this.#counts.packets += 1;
    this.#counts.payloadBytes += payload.length;
    for (const nal of nalUnitsOf(payload)) {
      if (!nal.start) continue;
      if (nal.type === NAL.sps) this.#counts.parameterSets += 1;
      if (nal.type === NAL.idr && timestamp !== this.#lastKeyframeTimestamp) {
        this.#counts.keyframes += 1;
        this.#lastKeyframeTimestamp = timestamp;
      }
    }
  }

  get counts(): RtpVideoCounts {
    return { ...this.#counts };
  }
}

/** What one JSMpeg viewer has received: MPEG-TS, its video PES packets, and MPEG-1 sequence headers (where JSMpeg can start). */
export interface TsVideoCounts {
  bytes: number;
  /** Whole 188-byte packets. */
  packets: number;
  /** Packets that did not start with the 0x47 sync byte. */
  syncErrors: number;
  /** PES packets of a video stream (stream_id 0xE0–0xEF) begun. */
  videoPes: number;
  /** Video PES packets whose payload opens with an MPEG-1 sequence header (00 00 01 B3). */
  sequenceHeaders: number;
}

const TS_PACKET = 188;
const SYNC = 0x47;

/** Counts an MPEG-TS byte stream that arrives in chunks of any size, starting at a packet boundary. */
export class TsVideoCounter {
  readonly #counts: TsVideoCounts = { bytes: 0, packets: 0, syncErrors: 0, videoPes: 0, sequenceHeaders: 0 };
  #partial: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.#counts.bytes += chunk.length;
    const data = this.#partial.length > 0 ? Buffer.concat([this.#partial, chunk]) : chunk;
    let offset = 0;
    for (; offset + TS_PACKET <= data.length; offset += TS_PACKET) this.#packet(data.subarray(offset, offset + TS_PACKET));
    this.#partial = Buffer.from(data.subarray(offset));
  }

  get counts(): TsVideoCounts {
    return { ...this.#counts };
  }

  #packet(packet: Buffer): void {
    this.#counts.packets += 1;
    if (packet[0] !== SYNC) {
      this.#counts.syncErrors += 1;
      return;
    }
    const payloadUnitStart = ((packet[1] as number) & 0x40) !== 0;
    const adaptation = ((packet[3] as number) >> 4) & 0x3;
    if (!payloadUnitStart || (adaptation & 0x1) === 0) return;
    const start = 4 + ((adaptation & 0x2) !== 0 ? 1 + (packet[4] as number) : 0);
    const pes = packet.subarray(start);
    if (pes.length < 9 || pes[0] !== 0 || pes[1] !== 0 || pes[2] !== 1) return;
    const streamId = pes[3] as number;
    if (streamId < 0xe0 || streamId > 0xef) return;
    this.#counts.videoPes += 1;
    const es = pes.subarray(9 + (pes[8] as number));
    if (es.length >= 4 && es[0] === 0 && es[1] === 0 && es[2] === 1 && es[3] === 0xb3) this.#counts.sequenceHeaders += 1;
  }
}
