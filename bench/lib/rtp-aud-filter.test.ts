import { describe, expect, it } from 'vitest';
import { createAudFilter, payloadOffset } from './rtp-aud-filter.js';

/** An RTP v2 packet with the given sequence number and payload (no CSRC, no extension unless given). */
function rtp(sequence: number, payload: number[], options: { csrcs?: number; extensionWords?: number } = {}): Buffer {
  const csrcs = options.csrcs ?? 0;
  const extension = options.extensionWords === undefined ? [] : [0xbe, 0xde, 0, options.extensionWords, ...new Array<number>(4 * options.extensionWords).fill(0)];
  const header = [0x80 | (extension.length > 0 ? 0x10 : 0) | csrcs, 96, sequence >> 8, sequence & 0xff, 0, 0, 0, 1, 0, 0, 0, 2, ...new Array<number>(4 * csrcs).fill(0)];
  return Buffer.from([...header, ...extension, ...payload]);
}
const sequenceOf = (packet: Buffer | null) => packet?.readUInt16BE(2);

describe('createAudFilter', () => {
  it('drops access unit delimiters and numbers the rest without gaps, across the 16-bit wrap', () => {
    const keep = createAudFilter();
    const out = [
      rtp(65534, [0x09, 0xf0]), // AUD
      rtp(65535, [0x67, 1, 2]), // SPS
      rtp(0, [0x68, 3]), // PPS
      rtp(1, [0x09, 0xf0]),
      rtp(2, [0x7c, 0x85, 9, 9]), // FU-A start of an IDR slice
      rtp(3, [0x41, 7]), // non-IDR slice
    ].map((packet) => keep(packet));
    expect(out.map((p) => (p === null ? null : p[12]))).toEqual([null, 0x67, 0x68, null, 0x7c, 0x41]);
    expect(out.filter((p) => p !== null).map(sequenceOf)).toEqual([65535, 0, 1, 2]);
  });

  it('passes what it cannot read untouched', () => {
    const keep = createAudFilter();
    const notRtp = Buffer.from([0x00, 1, 2]);
    expect(keep(notRtp)).toBe(notRtp);
  });
});

describe('payloadOffset', () => {
  it('skips CSRCs and a header extension', () => {
    expect(payloadOffset(rtp(1, [0x41]))).toBe(12);
    expect(payloadOffset(rtp(1, [0x41], { csrcs: 2 }))).toBe(20);
    expect(payloadOffset(rtp(1, [0x41], { csrcs: 1, extensionWords: 2 }))).toBe(28);
  });

  it('says null for a packet too short to hold a payload', () => {
    expect(payloadOffset(rtp(1, []))).toBeNull();
    expect(payloadOffset(Buffer.from([0x90, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2]))).toBeNull();
  });
});
