import { describe, expect, it } from 'vitest';
import type { RtpPacketView } from './rtp-packet.js';
import { StreamTracker } from './stream-tracker.js';
import { stapA } from './h264-repacketize.js';

const SPS = Buffer.from([0x67, 0x64, 0x00, 0x1f, 0xac]);
const PPS = Buffer.from([0x68, 0xee, 0x3c, 0x80]);
const IDR = Buffer.from([0x65, 0x88]);
const P = Buffer.from([0x41, 0x9a]);
const pkt = (payload: Buffer, over: Partial<RtpPacketView> = {}): RtpPacketView => ({
  payloadType: 96, marker: true, sequenceNumber: 1, timestamp: 0, ssrc: 5, payload, ...over,
});

describe('StreamTracker', () => {
  it('is ready once it has seen H.264 parameter sets and a keyframe', () => {
    const t = new StreamTracker();
    expect(t.state(0)).toMatchObject({ kind: 'waiting', reason: expect.stringMatching(/no live video/) });
    t.observe(pkt(P), 0);
    t.observe(pkt(stapA([SPS, PPS])), 100);
    expect(t.state(100)).toMatchObject({ kind: 'waiting', reason: expect.stringMatching(/keyframe/) });
    t.observe(pkt(IDR), 100);
    expect(t.state(200)).toEqual({ kind: 'h264', profileLevelId: '64001f' });
    expect(t.parameterSets()).toEqual({ sps: SPS, pps: PPS });
    expect(t.state(10_000)).toMatchObject({ kind: 'waiting', reason: expect.stringMatching(/stopped/) });
  });

  it('forgets a run when the SSRC changes', () => {
    const t = new StreamTracker();
    t.observe(pkt(stapA([SPS, PPS])), 0);
    t.observe(pkt(IDR), 0);
    t.observe(pkt(P, { ssrc: 6 }), 10);
    expect(t.parameterSets()).toBeNull();
    expect(t.state(10).kind).toBe('waiting');
  });

  it('names H.265 and static payload types as unsupported at once', () => {
    const hevc = new StreamTracker();
    hevc.observe(pkt(Buffer.from([0x40, 0x01, 0x0c, 0x01])), 0);
    expect(hevc.state(0)).toMatchObject({ kind: 'unsupported', reason: expect.stringMatching(/H\.265/) });
    const mjpeg = new StreamTracker();
    mjpeg.observe(pkt(Buffer.from([0, 0, 0, 0]), { payloadType: 26 }), 0);
    expect(mjpeg.state(0)).toMatchObject({ kind: 'unsupported', reason: expect.stringMatching(/MJPEG/) });
  });

  it('gives up on a stream with keyframes but no parameter sets, and on one with neither', () => {
    const noSets = new StreamTracker({ giveUpMs: 1000 });
    for (let ms = 0; ms <= 2000; ms += 500) noSets.observe(pkt(IDR), ms);
    expect(noSets.state(2000)).toMatchObject({ kind: 'unsupported', reason: expect.stringMatching(/parameter sets/) });
    const unknown = new StreamTracker({ giveUpMs: 1000 });
    for (let ms = 0; ms <= 2000; ms += 500) unknown.observe(pkt(Buffer.from([0x00, 0x00, 0x01, 0xb6])), ms);
    expect(unknown.state(2000)).toMatchObject({ kind: 'unsupported', reason: expect.stringMatching(/not H\.264/) });
  });

  it('reads a keyframe sent whole in one STAP-A, or begun by an FU-A fragment', () => {
    const whole = new StreamTracker();
    whole.observe(pkt(stapA([SPS, PPS, IDR])), 0);
    expect(whole.state(0)).toEqual({ kind: 'h264', profileLevelId: '64001f' });
    const fragmented = new StreamTracker();
    fragmented.observe(pkt(stapA([SPS, PPS])), 0);
    fragmented.observe(pkt(Buffer.from([0x7c, 0x05, 0x88])), 0);
    expect(fragmented.state(0).kind).toBe('waiting');
    fragmented.observe(pkt(Buffer.from([0x7c, 0x85, 0x88])), 0);
    expect(fragmented.state(0).kind).toBe('h264');
  });

  it('keeps its copy of parameter sets that repeat unchanged, and takes new ones', () => {
    const t = new StreamTracker();
    t.observe(pkt(stapA([SPS, PPS, IDR])), 0);
    const first = t.parameterSets();
    t.observe(pkt(stapA([SPS, PPS, IDR])), 1000);
    expect(t.parameterSets()?.sps).toBe(first?.sps);
    const otherPps = Buffer.from([0x68, 0xef, 0x3c, 0x80]);
    t.observe(pkt(stapA([SPS, otherPps, IDR])), 2000);
    expect(t.parameterSets()).toEqual({ sps: SPS, pps: otherPps });
  });
});
