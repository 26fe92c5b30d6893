import { describe, expect, it } from 'vitest';
import { CameraRelay } from './camera-relay.js';
import { H264Depacketizer } from './h264-depacketizer.js';
import { stapA, VIEWER_MAX_PAYLOAD } from './h264-repacketize.js';
import type { RtpPacketView } from './rtp-packet.js';
import type { OutgoingRtp } from './viewer-stream.js';

const SPS = Buffer.from([0x67, 0x64, 0x00, 0x1f, 0xac]);
const PPS = Buffer.from([0x68, 0xee, 0x3c, 0x80]);
const IDR = Buffer.concat([Buffer.from([0x65]), Buffer.alloc(5000, 0xab)]);
const P = Buffer.concat([Buffer.from([0x41]), Buffer.alloc(300, 0xcd)]);
const pkt = (sequenceNumber: number, timestamp: number, payload: Buffer): RtpPacketView => ({
  payloadType: 96, marker: true, sequenceNumber, timestamp, ssrc: 9, payload,
});

describe('CameraRelay', () => {
  it('hands each viewer the pictures from its first keyframe on, cut to the viewer packet size', () => {
    const relay = new CameraRelay(() => undefined);
    relay.push(pkt(1, 0, stapA([SPS, PPS, IDR])), 0);
    const got: OutgoingRtp[] = [];
    relay.attach({ deliver: (packets) => got.push(...packets) });
    relay.push(pkt(2, 6000, P), 100);
    expect(got).toEqual([]);
    relay.push(pkt(3, 12000, stapA([SPS, PPS, IDR])), 200);
    relay.push(pkt(4, 18000, P), 300);
    expect(got.every((o) => o.payload.length <= VIEWER_MAX_PAYLOAD)).toBe(true);
    expect(got.map((o) => o.marker).filter(Boolean)).toHaveLength(2);
    expect(got.at(-1)?.payload).toEqual(P);
    const d = new H264Depacketizer();
    expect(got.flatMap((o) => d.push(o)).map((u) => u[4]! & 0x1f)).toEqual([7, 8, 5, 1]);
  });

  it('tracks the stream with no viewer attached', () => {
    const relay = new CameraRelay(() => undefined);
    relay.push(pkt(1, 0, stapA([SPS, PPS, IDR])), 0);
    expect(relay.tracker.state(0)).toEqual({ kind: 'h264', profileLevelId: '64001f' });
  });
});
