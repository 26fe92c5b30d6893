import { describe, expect, it } from 'vitest';
import { H264Depacketizer } from './h264-depacketizer.js';
import { isH264Sps, looksLikeHevc, nalUnitsOf, profileLevelIdOf } from './h264-nal.js';
import { isRtcp, parseRtp } from './rtp-packet.js';
import { stapA } from './h264-repacketize.js';

const SPS = Buffer.from([0x67, 0x42, 0xc0, 0x1e, 0xda, 0x02]);
const PPS = Buffer.from([0x68, 0xce, 0x3c, 0x80]);
const fu = (type: number, start: boolean, end: boolean, body: number[]) =>
  Buffer.from([0x60 | 28, (start ? 0x80 : 0) | (end ? 0x40 : 0) | type, ...body]);

function rtpDatagram(fields: { pt?: number; marker?: boolean; seq?: number; ts?: number; ssrc?: number; csrc?: number; extensionWords?: number; padding?: number }, payload: Buffer): Buffer {
  const csrc = fields.csrc ?? 0;
  const ext = fields.extensionWords;
  const header = Buffer.alloc(12 + csrc * 4 + (ext !== undefined ? 4 + ext * 4 : 0));
  header[0] = 0x80 | (fields.padding ? 0x20 : 0) | (ext !== undefined ? 0x10 : 0) | csrc;
  header[1] = (fields.marker ? 0x80 : 0) | (fields.pt ?? 96);
  header.writeUInt16BE(fields.seq ?? 1, 2);
  header.writeUInt32BE(fields.ts ?? 0, 4);
  header.writeUInt32BE(fields.ssrc ?? 42, 8);
  if (ext !== undefined) header.writeUInt16BE(ext, 12 + csrc * 4 + 2);
  const padding = fields.padding ? Buffer.from([...Array(fields.padding - 1).fill(0), fields.padding]) : Buffer.alloc(0);
  return Buffer.concat([header, payload, padding]);
}

describe('parseRtp', () => {
  it('reads the header and finds the payload past CSRCs, extension and padding', () => {
    const packet = parseRtp(rtpDatagram({ marker: true, seq: 65535, ts: 0xfffffff0, ssrc: 7, csrc: 2, extensionWords: 1, padding: 3 }, PPS));
    expect(packet).toMatchObject({ payloadType: 96, marker: true, sequenceNumber: 65535, timestamp: 0xfffffff0, ssrc: 7 });
    expect(packet?.payload).toEqual(PPS);
  });

  it('leaves RTCP, other versions and truncated packets alone', () => {
    const senderReport = Buffer.from([0x80, 200, 0, 6, ...Array(24).fill(0)]);
    expect(isRtcp(senderReport)).toBe(true);
    expect(parseRtp(senderReport)).toBeNull();
    const v1 = rtpDatagram({}, PPS);
    v1[0] = 0x40;
    expect(parseRtp(v1)).toBeNull();
    expect(parseRtp(rtpDatagram({ csrc: 15 }, Buffer.alloc(0)).subarray(0, 20))).toBeNull();
  });
});

describe('H.264 NAL units in RTP payloads', () => {
  it('lists single units, STAP-A contents and FU-A fragments with their start flag', () => {
    expect(nalUnitsOf(SPS).map((n) => n.type)).toEqual([7]);
    expect(nalUnitsOf(stapA([SPS, PPS])).map((n) => [n.type, n.unit?.length])).toEqual([[7, 6], [8, 4]]);
    expect(nalUnitsOf(fu(5, true, false, [1, 2]))).toEqual([{ type: 5, start: true, unit: null }]);
    expect(nalUnitsOf(fu(5, false, true, [3]))).toEqual([{ type: 5, start: false, unit: null }]);
  });

  it('reads profile-level-id from an SPS and tells H.264 SPS from H.265 headers', () => {
    expect(profileLevelIdOf(SPS)).toBe('42c01e');
    expect(isH264Sps(SPS)).toBe(true);
    expect(isH264Sps(Buffer.from([0x67, 0x07, 0x00, 0x1e]))).toBe(false);
    expect(looksLikeHevc(Buffer.from([0x40, 0x01, 0x0c]))).toBe(true); // VPS
    expect(looksLikeHevc(Buffer.from([0x60, 0x01, 0x00]))).toBe(true); // aggregation packet
    expect(looksLikeHevc(SPS)).toBe(false);
    expect(looksLikeHevc(fu(5, true, false, [1]))).toBe(false);
  });
});

describe('H264Depacketizer', () => {
  const out = (sequenceNumber: number, payload: Buffer) => ({ marker: false, sequenceNumber, timestamp: 0, payload });

  it('writes Annex B units from single, aggregated and fragmented packets', () => {
    const d = new H264Depacketizer();
    expect(d.push(out(1, stapA([SPS, PPS])))).toEqual([Buffer.from([0, 0, 0, 1, ...SPS]), Buffer.from([0, 0, 0, 1, ...PPS])]);
    expect(d.push(out(2, fu(5, true, false, [1, 2])))).toEqual([]);
    expect(d.push(out(3, fu(5, false, false, [3])))).toEqual([]);
    expect(d.push(out(4, fu(5, false, true, [4])))).toEqual([Buffer.from([0, 0, 0, 1, 0x65, 1, 2, 3, 4])]);
  });

  it('drops a fragmented unit that lost a packet', () => {
    const d = new H264Depacketizer();
    d.push(out(10, fu(1, true, false, [1])));
    expect(d.push(out(12, fu(1, false, true, [3])))).toEqual([]);
    expect(d.push(out(13, fu(1, true, true, [9])))).toEqual([Buffer.from([0, 0, 0, 1, 0x61, 9])]);
  });
});

