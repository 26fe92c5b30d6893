import { describe, expect, it } from 'vitest';
import { H264Depacketizer } from './h264-depacketizer.js';
import { nalUnitsOf } from './h264-nal.js';
import { repacketize, stapA } from './h264-repacketize.js';

const SPS = Buffer.from([0x67, 0x42, 0xc0, 0x1e, 0xda, 0x02]);
const PPS = Buffer.from([0x68, 0xce, 0x3c, 0x80]);
const unit = (header: number, bodyLength: number) => Buffer.concat([Buffer.from([header]), Buffer.from(Array.from({ length: bodyLength }, (_, i) => i % 251))]);
const annexB = (u: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, 1]), u]);

/** The Annex B units a decoder gets back from the cut payloads. */
function roundTrip(payloads: Buffer[]): Buffer[] {
  const d = new H264Depacketizer();
  return payloads.flatMap((payload, i) => d.push({ marker: false, sequenceNumber: i, timestamp: 0, payload }));
}

describe('repacketize', () => {
  it('returns a payload that fits as it is', () => {
    const p = unit(0x41, 100);
    expect(repacketize(p, 200)[0]).toBe(p);
  });

  it('cuts a large single unit into FU-A fragments within the size, start and end flagged once', () => {
    const idr = unit(0x65, 1000);
    const out = repacketize(idr, 300);
    expect(out.every((p) => p.length <= 300)).toBe(true);
    expect(out.map((p) => p[0])).toEqual(out.map(() => 0x60 | 28));
    expect(out.map((p) => (p[1]! & 0xc0) >> 6)).toEqual([2, ...Array(out.length - 2).fill(0), 1]);
    expect(nalUnitsOf(out[0]!)).toEqual([{ type: 5, start: true, unit: null }]);
    expect(roundTrip(out)).toEqual([annexB(idr)]);
  });

  it('splits a STAP-A between its units, keeping small neighbours together and fragmenting a large one', () => {
    const idr = unit(0x65, 500);
    const sei = unit(0x06, 20);
    const out = repacketize(stapA([SPS, PPS, idr, sei]), 200);
    expect(out.every((p) => p.length <= 200)).toBe(true);
    expect(nalUnitsOf(out[0]!).map((n) => n.type)).toEqual([7, 8]);
    expect(out.at(-1)).toEqual(sei);
    expect(roundTrip(out)).toEqual([SPS, PPS, idr, sei].map(annexB));
  });

  it('cuts a large FU-A fragment into smaller ones, flagging start and end only where the source did', () => {
    const body = unit(0x00, 999).subarray(1);
    const middle = Buffer.concat([Buffer.from([0x7c, 0x05]), body]);
    const pieces = repacketize(middle, 400);
    expect(pieces.every((p) => p.length <= 400 && (p[1]! & 0xc0) === 0 && (p[1]! & 0x1f) === 5)).toBe(true);
    expect(Buffer.concat(pieces.map((p) => p.subarray(2)))).toEqual(body);
    const first = repacketize(Buffer.concat([Buffer.from([0x7c, 0x85]), body]), 400);
    const last = repacketize(Buffer.concat([Buffer.from([0x7c, 0x45]), body]), 400);
    expect(first.map((p) => p[1]! & 0xc0)).toEqual([0x80, 0, 0]);
    expect(last.map((p) => p[1]! & 0xc0)).toEqual([0, 0, 0x40]);
    expect(roundTrip([...first, ...pieces, ...last])).toEqual([annexB(Buffer.concat([Buffer.from([0x65]), body, body, body]))]);
  });
});
