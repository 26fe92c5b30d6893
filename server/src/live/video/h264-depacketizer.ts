import { NAL } from './h264-nal.js';
import type { OutgoingRtp } from './viewer-stream.js';

const START_CODE = Buffer.from([0, 0, 0, 1]);

/**
 * RTP H.264 back to an Annex B byte stream (start code + NAL unit), for a decoder that reads raw H.264.
 * A fragmented unit with a packet missing is dropped whole.
 */
export class H264Depacketizer {
  #fragments: Buffer[] = [];
  #expectedSeq: number | null = null;

  push(packet: OutgoingRtp): Buffer[] {
    const { payload } = packet;
    const inSequence = this.#expectedSeq === null || packet.sequenceNumber === this.#expectedSeq;
    this.#expectedSeq = (packet.sequenceNumber + 1) & 0xffff;
    if (payload.length === 0) return [];
    const type = (payload[0] as number) & 0x1f;
    if (type === NAL.fuA) return this.#fragment(payload, inSequence);
    this.#fragments = [];
    if (type === NAL.stapA) return this.#aggregate(payload);
    return [annexB(payload)];
  }

  #fragment(payload: Buffer, inSequence: boolean): Buffer[] {
    if (payload.length < 3) return [];
    const indicator = payload[0] as number;
    const header = payload[1] as number;
    if (header & 0x80) {
      this.#fragments = [Buffer.from([(indicator & 0xe0) | (header & 0x1f)]), payload.subarray(2)];
    } else if (this.#fragments.length > 0 && inSequence) {
      this.#fragments.push(payload.subarray(2));
    } else {
      this.#fragments = [];
      return [];
    }
    if (!(header & 0x40)) return [];
    const unit = Buffer.concat(this.#fragments);
    this.#fragments = [];
    return [annexB(unit)];
  }

  #aggregate(payload: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let offset = 1;
    while (offset + 2 <= payload.length) {
      const size = payload.readUInt16BE(offset);
      offset += 2;
      if (size === 0 || offset + size > payload.length) break;
      out.push(annexB(payload.subarray(offset, offset + size)));
      offset += size;
    }
    return out;
  }
}

const annexB = (unit: Buffer): Buffer => Buffer.concat([START_CODE, unit]);
