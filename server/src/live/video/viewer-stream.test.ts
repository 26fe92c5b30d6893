import { describe, expect, it } from 'vitest';
import { nalUnitsOf } from './h264-nal.js';
import type { RtpPacketView } from './rtp-packet.js';
import { repacketize, stapA } from './h264-repacketize.js';
import { ViewerStream, type OutgoingRtp } from './viewer-stream.js';

const SPS = Buffer.from([0x67, 0x42, 0xc0, 0x1e, 0xda]);
const PPS = Buffer.from([0x68, 0xce, 0x3c, 0x80]);
const IDR = Buffer.from([0x65, 0x88, 0x84]);
const P = Buffer.from([0x41, 0x9a, 0x02]);
const sets = { sps: SPS, pps: PPS };

const packet = (ssrc: number, sequenceNumber: number, timestamp: number, payload: Buffer): RtpPacketView => ({
  payloadType: 96, marker: true, ssrc, sequenceNumber, timestamp, payload,
});
const feed = (stream: ViewerStream, p: RtpPacketView, maxPayload = 1188): OutgoingRtp[] =>
  stream.accept(p, nalUnitsOf(p.payload), repacketize(p.payload, maxPayload), sets);

describe('ViewerStream', () => {
  it('waits for a keyframe, then passes everything with its own sequence numbers', () => {
    const stream = new ViewerStream(100);
    expect(feed(stream, packet(1, 500, 9000, P))).toEqual([]);
    const first = feed(stream, packet(1, 501, 12000, stapA([SPS, PPS])));
    expect(first.map((o) => [o.sequenceNumber, o.timestamp])).toEqual([[101, 12000]]);
    expect(feed(stream, packet(1, 502, 12000, IDR)).map((o) => o.sequenceNumber)).toEqual([102]);
    // A source gap stays a gap.
    expect(feed(stream, packet(1, 505, 15000, P)).map((o) => o.sequenceNumber)).toEqual([105]);
  });

  it('puts the parameter sets first when it starts at a keyframe that came without them', () => {
    const stream = new ViewerStream(65534);
    const out = feed(stream, packet(1, 7, 3000, IDR));
    expect(out.map((o) => o.sequenceNumber)).toEqual([65535, 0]);
    expect(nalUnitsOf(out[0]?.payload ?? Buffer.alloc(0)).map((n) => n.type)).toEqual([7, 8]);
    expect(out[0]?.timestamp).toBe(3000);
    expect(out[0]?.marker).toBe(false);
    expect(out[1]?.payload).toEqual(IDR);
  });

  it('keeps one timeline when the source restarts with a new SSRC, from its next keyframe', () => {
    const stream = new ViewerStream(10);
    feed(stream, packet(1, 100, 0xfffff000, stapA([SPS, PPS])));
    feed(stream, packet(1, 101, 0xfffffa00, P));
    expect(feed(stream, packet(2, 40000, 777, P))).toEqual([]);
    const restarted = feed(stream, packet(2, 40001, 900, stapA([SPS, PPS])));
    expect(restarted.map((o) => [o.sequenceNumber, o.timestamp])).toEqual([[13, (0xfffffa00 + 3000) >>> 0]]);
    expect(feed(stream, packet(2, 40002, 900 + 3000, P)).map((o) => [o.sequenceNumber, o.timestamp])).toEqual([[14, (0xfffffa00 + 6000) >>> 0]]);
  });

  it('cuts a large source packet into several, with the marker on the last, and keeps gaps after it', () => {
    const stream = new ViewerStream(0);
    const bigIdr = Buffer.concat([Buffer.from([0x65]), Buffer.alloc(25, 7)]);
    const out = feed(stream, packet(1, 10, 3000, stapA([SPS, PPS, bigIdr])), 16);
    expect(out.map((o) => [o.sequenceNumber, o.marker, o.payload.length <= 16])).toEqual([[1, false, true], [2, false, true], [3, true, true]]);
    expect(nalUnitsOf(out[0]!.payload).map((n) => n.type)).toEqual([7, 8]);
    expect(feed(stream, packet(1, 12, 6000, P), 16).map((o) => o.sequenceNumber)).toEqual([5]);
  });

  it('drops a late or repeated source packet', () => {
    const stream = new ViewerStream(0);
    feed(stream, packet(1, 10, 3000, stapA([SPS, PPS])));
    feed(stream, packet(1, 11, 3000, IDR));
    expect(feed(stream, packet(1, 11, 3000, IDR))).toEqual([]);
    expect(feed(stream, packet(1, 9, 3000, P))).toEqual([]);
    expect(feed(stream, packet(1, 12, 6000, P)).map((o) => o.sequenceNumber)).toEqual([3]);
  });
});
